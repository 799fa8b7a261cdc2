package io.timeshard.sql;

import java.util.ArrayList;
import java.util.List;

/** Relations in SQL text over rows the access node holds, for the home database to read: empty ones, and text arrays unnested. */
public final class RowRelations {
    private RowRelations() {}

    /** No rows, with these column names and types. */
    public static String empty(List<String> names, List<String> types) {
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            columns.add("NULL::" + types.get(i) + " AS " + names.get(i));
        }
        return "(SELECT " + String.join(", ", columns) + " LIMIT 0)";
    }

    /**
     * Rows as a relation the home database reads: one text[] parameter per column, from
     * {@code $firstParameter} on, unnested side by side and cast to the columns' types.
     */
    public static String ofTextArrays(List<String> names, List<String> types, int firstParameter) {
        StringBuilder sql = new StringBuilder("(SELECT ");
        for (int i = 0; i < names.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("v.c").append(i + 1).append("::").append(types.get(i)).append(" AS ").append(names.get(i));
        }
        sql.append(" FROM unnest(");
        for (int i = 0; i < names.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append('$').append(firstParameter + i).append("::text[]");
        }
        sql.append(") AS v(");
        for (int i = 0; i < names.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("c").append(i + 1);
        }
        return sql.append("))").toString();
    }
}
