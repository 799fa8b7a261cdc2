package io.timeshard.session;

import io.timeshard.catalog.Chunk;
import io.timeshard.plan.DistributedPlan;
import io.timeshard.sql.JdbcPlaceholders;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The last plan made from one analysed query, with its remote queries' placeholders read, reused
 * while the same chunks, limits and now() values come again: a repeated query then costs the
 * access node no SQL writing or tokenizing.
 */
final class PlanMemo {
    private record Key(List<Integer> chunks, Map<String, String> now, OptionalLong limit, long offset, String version) {}

    private Key key;
    private DistributedPlan plan;
    private List<JdbcPlaceholders> placeholders;

    DistributedPlan plan(List<Chunk> chunks, Map<String, String> now, OptionalLong limit, long offset, String version,
                         Supplier<DistributedPlan> make) {
        Key wanted = new Key(chunks.stream().map(Chunk::id).toList(), now, limit, offset, version);
        if (!Objects.equals(wanted, key)) {
            plan = make.get();
            placeholders = plan.scans().stream().map(scan -> JdbcPlaceholders.of(scan.sql())).toList();
            key = wanted;
        }
        return plan;
    }

    /** The placeholders of the remembered plan's scan {@code index}, or of {@code sql} for another plan. */
    JdbcPlaceholders placeholders(DistributedPlan of, int index, String sql) {
        return of == plan ? placeholders.get(index) : JdbcPlaceholders.of(sql);
    }
}
