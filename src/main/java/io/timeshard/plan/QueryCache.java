package io.timeshard.plan;

import io.timeshard.protocol.PgMessage;
import io.timeshard.sql.DimensionPredicate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A session's analysed queries by text and parameter types, so that a query repeated (or a
 * prepared statement executed again) is planned without describing it at home again. Emptied
 * when any hypertable changes.
 */
final class QueryCache {
    private static final int CAPACITY = 256;

    /**
     * A query's shape, the RowDescription PostgreSQL gives it, the hypertable's columns, and the
     * conditions on dimension columns that rule out chunks (when they do not depend on now()).
     */
    record Analysed(QueryShape shape, Optional<PgMessage> rowDescription, List<String> columns,
                    Optional<List<DimensionPredicate>> predicates, PlanMemo plans) {}

    private final Map<String, Analysed> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Analysed> eldest) {
            return size() > CAPACITY;
        }
    };
    private final ShapeDescriptions descriptions = new ShapeDescriptions();
    private long generation = -1;
    private int clears;

    Analysed get(String sql, List<Integer> parameterTypes, long currentGeneration, Supplier<Analysed> analyse) {
        String key = parameterTypes + "\n" + sql;
        Analysed analysed = find(sql, parameterTypes, currentGeneration).orElse(null);
        if (analysed == null) {
            analysed = analyse.get();
            entries.put(key, analysed);
        }
        return analysed;
    }

    /** Forgets every analysis: this session changed a hypertable, which others learn only when it commits. */
    void clear() {
        entries.clear();
        descriptions.clear();
        clears++;
    }

    /**
     * Names the table definitions the cached analyses were made against. Remote queries carry it,
     * so that a node never reuses a statement prepared before an ALTER TABLE, whose result type
     * may have changed ("cached plan must not change result type").
     */
    String version() {
        return generation + "." + clears;
    }

    /** The descriptions of what this session analysed, valid as long as the analyses themselves. */
    ShapeDescriptions descriptions(long currentGeneration) {
        follow(currentGeneration);
        return descriptions;
    }

    /** The analysis of a query already seen, if the hypertables have not changed since. */
    Optional<Analysed> find(String sql, List<Integer> parameterTypes, long currentGeneration) {
        follow(currentGeneration);
        return Optional.ofNullable(entries.get(parameterTypes + "\n" + sql));
    }

    private void follow(long currentGeneration) {
        if (currentGeneration != generation) {
            entries.clear();
            descriptions.clear();
            generation = currentGeneration;
        }
    }
}
