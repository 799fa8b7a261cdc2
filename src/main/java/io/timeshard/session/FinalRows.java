package io.timeshard.session;

import io.timeshard.exec.RowSource;
import io.timeshard.plan.DistributedPlan.FinalQuery;
import io.timeshard.plan.RemoteQueries;
import io.timeshard.sql.SqlText;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The nodes' rows made readable by the home database's final query: inline as VALUES when few,
 * else streamed by COPY into a temporary table, so memory stays bounded whatever their number.
 */
final class FinalRows {
    private static final int INLINE_ROWS = 5_000;
    private static final String TABLE = "_timeshard_final_rows";

    private final HomeConnection home;
    private final FinalQuery query;

    FinalRows(HomeConnection home, FinalQuery query) {
        this.home = home;
        this.query = query;
    }

    /** Reads every row of {@code source}; returns the relation the final query reads them from. */
    String load(RowSource source) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row;
        while ((row = source.next()) != null) {
            rows.add(row);
            if (rows.size() > INLINE_ROWS) {
                return spill(rows, source);
            }
        }
        return RemoteQueries.valuesRelation(query.columnNames(), query.columnTypes(), rows);
    }

    private String spill(List<List<String>> first, RowSource rest) {
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < query.columnNames().size(); i++) {
            columns.add(query.columnNames().get(i) + " " + query.columnTypes().get(i));
        }
        home.query("DROP TABLE IF EXISTS pg_temp." + TABLE);
        home.query("CREATE TEMP TABLE " + TABLE + " (" + String.join(", ", columns) + ")");
        home.copyIn("COPY pg_temp." + TABLE + " FROM STDIN", () -> {
            first.forEach(this::sendLine);
            List<String> row;
            while ((row = rest.next()) != null) {
                sendLine(row);
            }
        });
        return "pg_temp." + SqlText.identifier(TABLE);
    }

    private void sendLine(List<String> row) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.size(); i++) {
            if (i > 0) {
                line.append('\t');
            }
            String value = row.get(i);
            if (value == null) {
                line.append("\\N");
            } else {
                for (int c = 0; c < value.length(); c++) {
                    char ch = value.charAt(c);
                    switch (ch) {
                        case '\\' -> line.append("\\\\");
                        case '\t' -> line.append("\\t");
                        case '\n' -> line.append("\\n");
                        case '\r' -> line.append("\\r");
                        default -> line.append(ch);
                    }
                }
            }
        }
        byte[] bytes = line.append('\n').toString().getBytes(StandardCharsets.UTF_8);
        home.sendCopyData(bytes, 0, bytes.length);
    }

    /** Drops the temporary table a large final step used, if it did. */
    static void drop(HomeConnection home, String relation) {
        if (relation.startsWith("pg_temp.")) {
            home.query("DROP TABLE IF EXISTS " + relation);
        }
    }
}
