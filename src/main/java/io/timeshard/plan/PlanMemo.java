package io.timeshard.plan;

import io.timeshard.sql.JdbcPlaceholders;

import java.util.List;
import java.util.function.Supplier;

/**
 * The last plan made from one analysed query, with its remote queries' placeholders read, reused
 * while the same chunks (with the same replicas serving them), limits and now() values come again: a repeated query then costs the
 * access node no SQL writing or tokenizing.
 */
final class PlanMemo {
    private PlanInputs key;
    private DistributedPlan plan;
    private List<JdbcPlaceholders> placeholders;

    DistributedPlan plan(PlanInputs inputs, Supplier<DistributedPlan> make) {
        if (!inputs.equals(key)) {
            plan = make.get();
            placeholders = plan.scans().stream().map(scan -> JdbcPlaceholders.of(scan.sql())).toList();
            key = inputs;
        }
        return plan;
    }

    /** The placeholders of the remembered plan's scan {@code index}, or of {@code sql} for another plan. */
    JdbcPlaceholders placeholders(DistributedPlan of, int index, String sql) {
        return of == plan ? placeholders.get(index) : JdbcPlaceholders.of(sql);
    }
}
