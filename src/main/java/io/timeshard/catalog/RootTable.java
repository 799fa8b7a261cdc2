package io.timeshard.catalog;

import io.timeshard.catalog.HypertableCatalog.SyncedColumn;
import io.timeshard.catalog.HypertableCatalog.SyncedIndex;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The definition of a hypertable's root table in the home database: the source every chunk
 * table's columns and indexes are made from. Read with {@link #QUERY} by whichever connection
 * must see it (the pool, or the client's own session inside its transaction). {@code rowSecurity}:
 * row-level security is enabled on it.
 */
public record RootTable(long oid, String schemaName, String tableName, List<Column> columns, List<SyncedIndex> indexes,
                        List<Check> checks, boolean rowSecurity) {
    /** An index definition's first column: quoted, or a plain name, followed by its end, a comma or an option. */
    private static final Pattern LEADING_COLUMN = Pattern.compile("btree \\((?:\"((?:[^\"]|\"\")+)\"|([a-z_][a-z0-9_$]*))[ ,)]");

    /** Parameters: $1 the table's regclass text. Rows: kind, then the fields of a column or an index. */
    public static final String QUERY = """
            SELECT 'column', c.oid::text, n.nspname::text, c.relname::text, lpad(a.attnum::text, 5, '0'), a.attname::text,
                   format_type(a.atttypid, a.atttypmod), a.attnotnull::text, pg_get_expr(d.adbin, d.adrelid)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
            WHERE c.oid = $1::regclass
            UNION ALL
            SELECT 'index', c.oid::text, n.nspname::text, c.relname::text, NULL, i.relname::text, x.indisunique::text,
                   substring(pg_get_indexdef(x.indexrelid) FROM ' USING (.*)$'), NULL
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_index x ON x.indrelid = c.oid JOIN pg_class i ON i.oid = x.indexrelid
            WHERE c.oid = $1::regclass
            UNION ALL
            SELECT 'check', c.oid::text, n.nspname::text, c.relname::text, NULL, k.conname::text, pg_get_constraintdef(k.oid), NULL, NULL
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_constraint k ON k.conrelid = c.oid AND k.contype = 'c'
            WHERE c.oid = $1::regclass
            UNION ALL
            SELECT 'table', c.oid::text, n.nspname::text, c.relname::text, NULL, NULL, c.relrowsecurity::text, NULL, NULL
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.oid = $1::regclass
            ORDER BY 1, 5, 6""";

    public record Column(int attnum, String name, String type, boolean notNull, Optional<String> defaultExpression) {
        public Column {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
            requireNonNull(defaultExpression, "defaultExpression is null");
        }

        public SyncedColumn synced() {
            return new SyncedColumn(attnum, name, type, notNull);
        }
    }

    /** A CHECK constraint of the root table: chunks get it too. */
    public record Check(String name, String definition) {
        public Check {
            requireNonNull(name, "name is null");
            requireNonNull(definition, "definition is null");
        }
    }

    public RootTable {
        requireNonNull(schemaName, "schemaName is null");
        requireNonNull(tableName, "tableName is null");
        columns = List.copyOf(columns);
        indexes = List.copyOf(indexes);
        checks = List.copyOf(checks);
    }

    /** Reads the rows {@link #QUERY} returned; empty when the table has no columns (it does not exist). */
    public static Optional<RootTable> fromRows(List<List<String>> rows) {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        List<Column> columns = new ArrayList<>();
        List<SyncedIndex> indexes = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        boolean rowSecurity = false;
        for (List<String> row : rows) {
            switch (row.get(0)) {
                case "column" -> columns.add(new Column(Integer.parseInt(row.get(4)), row.get(5), row.get(6), row.get(7).equals("true"),
                        Optional.ofNullable(row.get(8))));
                case "index" -> indexes.add(new SyncedIndex(row.get(5), row.get(6).equals("true"), row.get(7)));
                case "check" -> checks.add(new Check(row.get(5), row.get(6)));
                default -> rowSecurity = row.get(6).equals("true");
            }
        }
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        List<String> first = rows.get(0);
        return Optional.of(new RootTable(Long.parseLong(first.get(1)), first.get(2), first.get(3), columns, indexes, checks, rowSecurity));
    }

    public Optional<Column> column(String name) {
        return columns.stream().filter(column -> column.name().equals(name)).findFirst();
    }

    public List<SyncedColumn> syncedColumns() {
        return columns.stream().map(Column::synced).toList();
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    /** The columns some btree index starts with (not an expression): those an index can give in order. */
    public Set<String> leadingIndexColumns() {
        Set<String> leading = new HashSet<>();
        for (SyncedIndex index : indexes) {
            Matcher first = LEADING_COLUMN.matcher(index.definition());
            if (first.lookingAt()) {
                leading.add(first.group(1) != null ? first.group(1).replace("\"\"", "\"") : first.group(2));
            }
        }
        return leading;
    }
}
