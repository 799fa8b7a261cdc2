package io.timeshard.cluster;

import io.timeshard.catalog.Chunk;
import io.timeshard.catalog.Hypertable;
import io.timeshard.catalog.HypertableCatalog.SyncedIndex;
import io.timeshard.catalog.RootTable;
import io.timeshard.partition.TimeType;
import io.timeshard.partition.TimeValues;
import io.timeshard.sql.SqlText;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL that makes a chunk table on a data node from the hypertable's root table: its columns,
 * NOT NULL and defaults, a CHECK on its time range, and the root table's indexes.
 */
public final class ChunkTables {
    private static final int MAX_IDENTIFIER_LENGTH = 63;

    private ChunkTables() {}

    public static List<String> createStatements(Hypertable hypertable, RootTable root, Chunk chunk) {
        List<String> statements = new ArrayList<>();
        String columns = root.columns().stream().map(ChunkTables::columnDefinition).collect(Collectors.joining(", "));
        String check = timeCheck(hypertable, chunk);
        String rootChecks = root.checks().stream().map(rootCheck -> ", CONSTRAINT " + SqlText.identifier(rootCheck.name()) + " "
                + rootCheck.definition()).collect(Collectors.joining());
        statements.add("CREATE TABLE IF NOT EXISTS " + qualified(chunk) + " (" + columns
                + (check.isEmpty() ? "" : ", CONSTRAINT " + SqlText.identifier(chunk.tableName() + "_time_range") + " CHECK (" + check + ")")
                + rootChecks + ")");
        for (SyncedIndex index : root.indexes()) {
            statements.add(createIndex(chunk, index));
        }
        return statements;
    }

    public static String createIndex(Chunk chunk, SyncedIndex index) {
        return "CREATE " + (index.unique() ? "UNIQUE " : "") + "INDEX IF NOT EXISTS " + SqlText.identifier(indexName(chunk, index.name()))
                + " ON " + qualified(chunk) + " USING " + index.definition();
    }

    public static String dropIndex(Chunk chunk, String indexName) {
        return "DROP INDEX IF EXISTS " + SqlText.qualified(chunk.schemaName(), indexName(chunk, indexName));
    }

    /** The chunk's copy of a root-table index: named after both, within PostgreSQL's 63-byte limit. */
    public static String indexName(Chunk chunk, String rootIndexName) {
        String name = chunk.tableName() + "_" + rootIndexName;
        if (name.length() <= MAX_IDENTIFIER_LENGTH) {
            return name;
        }
        String hash = Integer.toHexString(rootIndexName.hashCode());
        return name.substring(0, MAX_IDENTIFIER_LENGTH - hash.length() - 1) + "_" + hash;
    }

    public static String qualified(Chunk chunk) {
        return SqlText.qualified(chunk.schemaName(), chunk.tableName());
    }

    private static String columnDefinition(RootTable.Column column) {
        StringBuilder definition = new StringBuilder(SqlText.identifier(column.name())).append(' ').append(column.type());
        // Sequences live in the home database; such defaults are applied there before rows reach a chunk.
        column.defaultExpression().filter(expression -> !expression.contains("nextval("))
                .ifPresent(expression -> definition.append(" DEFAULT ").append(expression));
        if (column.notNull()) {
            definition.append(" NOT NULL");
        }
        return definition.toString();
    }

    /** The chunk's time range as a condition on the time column; empty for an unbounded chunk. */
    static String timeCheck(Hypertable hypertable, Chunk chunk) {
        TimeType type = TimeType.fromTypeName(hypertable.time().type()).orElseThrow();
        String column = SqlText.identifier(hypertable.time().column());
        List<String> bounds = new ArrayList<>();
        if (chunk.rangeStart() != Long.MIN_VALUE) {
            bounds.add(column + " >= " + literal(type, hypertable.time().type(), chunk.rangeStart()));
        }
        if (chunk.rangeEnd() != Long.MAX_VALUE) {
            bounds.add(column + " < " + literal(type, hypertable.time().type(), chunk.rangeEnd()));
        }
        return String.join(" AND ", bounds);
    }

    private static String literal(TimeType type, String typeName, long value) {
        return SqlText.literal(TimeValues.toText(type, value)) + "::" + typeName;
    }
}
