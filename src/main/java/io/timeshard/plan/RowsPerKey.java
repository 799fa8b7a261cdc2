package io.timeshard.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The first rows seen of each wanted key, up to a number per key: what {@link LatestPerKey} collects from the nodes' merged rows. */
final class RowsPerKey {
    private final int keyColumn;
    private final int rowsPerKey;
    private final Map<String, List<List<String>>> rows = new LinkedHashMap<>();
    private int shortKeys;

    /** Keys are the values of column {@code keyColumn} as text; NULL keys are never wanted (no row equals them). */
    RowsPerKey(int keyColumn, int rowsPerKey, List<String> keys) {
        this.keyColumn = keyColumn;
        this.rowsPerKey = rowsPerKey;
        keys.stream().filter(Objects::nonNull).forEach(key -> rows.putIfAbsent(key, new ArrayList<>()));
        shortKeys = rows.size();
    }

    /** Keeps the row when its key still wants rows. */
    void offer(List<String> row) {
        List<List<String>> kept = rows.get(row.get(keyColumn));
        if (kept != null && kept.size() < rowsPerKey) {
            kept.add(row);
            if (kept.size() == rowsPerKey) {
                shortKeys--;
            }
        }
    }

    boolean complete() {
        return shortKeys == 0;
    }

    /** The keys with fewer rows than wanted. */
    List<String> missing() {
        return rows.entrySet().stream().filter(entry -> entry.getValue().size() < rowsPerKey).map(Map.Entry::getKey).toList();
    }

    /** Forgets the rows of {@code keys}, to collect them again from the first. */
    void restart(List<String> keys) {
        keys.forEach(key -> rows.get(key).clear());
    }

    List<List<String>> all() {
        return rows.values().stream().flatMap(List::stream).toList();
    }
}
