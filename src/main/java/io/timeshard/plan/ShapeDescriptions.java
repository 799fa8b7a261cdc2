package io.timeshard.plan;

import io.timeshard.home.HomeConnection.StatementDescription;
import io.timeshard.sql.LiteralShape;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the home database said of the statements a session's analyses described, by their
 * {@link LiteralShape}: a query that differs from one seen only in its literal values is analysed
 * without a round trip home (a dashboard's or pgjdbc's simple-protocol queries are new text each
 * time). Emptied with the {@link QueryCache}.
 */
final class ShapeDescriptions {
    private static final int CAPACITY = 1_024;

    private final Map<String, StatementDescription> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, StatementDescription> eldest) {
            return size() > CAPACITY;
        }
    };

    /** {@code encoding}: the session's client encoding, in which the column names are spelled. */
    StatementDescription describe(String sql, List<Integer> parameterTypes, String encoding, Supplier<StatementDescription> describe) {
        String key = encoding + parameterTypes + "\n" + LiteralShape.of(sql);
        StatementDescription description = entries.get(key);
        if (description == null) {
            description = describe.get();
            entries.put(key, description);
        }
        return description;
    }

    void clear() {
        entries.clear();
    }
}
