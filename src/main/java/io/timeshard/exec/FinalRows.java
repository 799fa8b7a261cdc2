package io.timeshard.exec;

import io.timeshard.protocol.PayloadWriter;
import io.timeshard.protocol.PgType;
import io.timeshard.sql.RowRelations;
import io.timeshard.sql.SqlText;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The nodes' rows made readable by the home database's final query: as text arrays bound to
 * parameters of the final query when few (a short statement is parsed and planned quicker than one
 * with the rows inline), else streamed by COPY into a temporary table, so memory stays bounded
 * whatever their number.
 */
public final class FinalRows {
    private static final int INLINE_ROWS = 5_000;
    private static final String TABLE = "_timeshard_final_rows";

    /** What the final step needs of the client's home-database session: statements, and COPY into it. */
    public interface Home {
        /** Runs {@code sql} with text parameters; returns its rows as text. */
        List<List<String>> query(String sql, String... parameters);

        /** Runs {@code sql}, a COPY FROM STDIN, with {@code writer} sending the data; returns the command tag. */
        String copyIn(String sql, Runnable writer);

        /** Sends COPY data while {@link #copyIn}'s writer runs. */
        void sendCopyData(byte[] data, int offset, int length);
    }

    /** The relation the final query reads the rows from, and the values of the parameters it uses (text arrays, binary). */
    public record Relation(String sql, List<byte[]> arrays) {}

    private final Home home;
    private final List<String> columnNames;
    private final List<String> columnTypes;
    private final int firstParameter;

    /**
     * Rows of columns {@code columnNames} of SQL types {@code columnTypes}; {@code firstParameter}: the
     * number of the first parameter the relation may use (the query's own come before).
     */
    public FinalRows(Home home, List<String> columnNames, List<String> columnTypes, int firstParameter) {
        this.home = home;
        this.columnNames = List.copyOf(columnNames);
        this.columnTypes = List.copyOf(columnTypes);
        this.firstParameter = firstParameter;
    }

    /** Reads every row of {@code source} (null after the last). */
    public Relation load(Supplier<List<String>> source) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row;
        while ((row = source.get()) != null) {
            rows.add(row);
            if (rows.size() > INLINE_ROWS) {
                return new Relation(spill(rows, source), List.of());
            }
        }
        if (rows.isEmpty()) {
            return new Relation(RowRelations.empty(columnNames, columnTypes), List.of());
        }
        List<byte[]> arrays = new ArrayList<>();
        for (int column = 0; column < columnNames.size(); column++) {
            arrays.add(textArray(rows, column));
        }
        return new Relation(RowRelations.ofTextArrays(columnNames, columnTypes, firstParameter), arrays);
    }

    /** One column of the rows as a one-dimensional text[] in PostgreSQL's binary format. */
    private static byte[] textArray(List<List<String>> rows, int column) {
        boolean nulls = rows.stream().anyMatch(row -> row.get(column) == null);
        PayloadWriter array = new PayloadWriter().int32(1).int32(nulls ? 1 : 0).int32(PgType.TEXT.oid()).int32(rows.size()).int32(1);
        for (List<String> row : rows) {
            String value = row.get(column);
            array.nullableBytes(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        }
        return array.toByteArray();
    }

    private String spill(List<List<String>> first, Supplier<List<String>> rest) {
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < columnNames.size(); i++) {
            columns.add(columnNames.get(i) + " " + columnTypes.get(i));
        }
        home.query("DROP TABLE IF EXISTS pg_temp." + TABLE);
        home.query("CREATE TEMP TABLE " + TABLE + " (" + String.join(", ", columns) + ")");
        home.copyIn("COPY pg_temp." + TABLE + " FROM STDIN (ENCODING 'UTF8')", () -> {
            first.forEach(this::sendLine);
            List<String> row;
            while ((row = rest.get()) != null) {
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
    public static void drop(Home home, Relation relation) {
        if (relation.sql().startsWith("pg_temp.")) {
            home.query("DROP TABLE IF EXISTS " + relation.sql());
        }
    }
}
