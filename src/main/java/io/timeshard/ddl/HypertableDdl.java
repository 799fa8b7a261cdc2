package io.timeshard.ddl;

import io.timeshard.catalog.Chunk;
import io.timeshard.catalog.Hypertable;
import io.timeshard.catalog.HypertableCatalog.SyncedColumn;
import io.timeshard.catalog.HypertableCatalog.SyncedIndex;
import io.timeshard.catalog.HypertableRegistry;
import io.timeshard.catalog.RootTable;
import io.timeshard.cluster.ChunkTables;
import io.timeshard.error.TimeshardException;
import io.timeshard.home.HomeCommitDecision;
import io.timeshard.home.HomeConnection;
import io.timeshard.home.StatementScope;
import io.timeshard.protocol.BackendMessages;
import io.timeshard.protocol.StatementRequest;
import io.timeshard.protocol.TransactionStatus;
import io.timeshard.sql.DistributedStatement;
import io.timeshard.sql.QualifiedName;
import io.timeshard.sql.SqlText;
import io.timeshard.txn.NodeStatements;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * DDL and TRUNCATE on a hypertable. PostgreSQL runs it on the root table in the client's session; the chunks
 * then receive the difference between the root table and what they were last given (columns by
 * attribute number, indexes by name), all in one distributed transaction: a node that cannot be
 * reached fails the statement and nothing changes anywhere.
 */
public final class HypertableDdl {
    private final StatementScope scope;
    private final Pending pending;
    private final Map<String, List<String>> statementsByNode = new LinkedHashMap<>();
    private final List<Runnable> afterCommit = new ArrayList<>();
    /** What each hypertable's chunks have once this statement is done. */
    private final Map<Integer, Synced> synced = new HashMap<>();
    private boolean ownTransaction;

    /**
     * The DDL of a client's transaction block until the block ends: the catalog changes its commit
     * makes, and each hypertable's columns and indexes as the block's statements left them (the
     * catalog has them only after the commit), so that a second ALTER TABLE in the block gives the
     * chunks only its own difference.
     */
    public static final class Pending {
        private final List<Runnable> onCommit = new ArrayList<>();
        private final Map<Integer, Synced> synced = new HashMap<>();

        public boolean isEmpty() {
            return onCommit.isEmpty() && synced.isEmpty();
        }

        /** Applies the catalog changes, once the block has committed. */
        public void committed() {
            try {
                onCommit.forEach(Runnable::run);
            } finally {
                clear();
            }
        }

        public void clear() {
            onCommit.clear();
            synced.clear();
        }
    }

    private record Synced(List<SyncedColumn> columns, List<SyncedIndex> indexes) {}

    private HypertableDdl(StatementScope scope, Pending pending) {
        this.scope = scope;
        this.pending = pending;
    }

    /**
     * Runs the DDL or TRUNCATE. Catalog changes that must only happen once the DDL commits wait in
     * {@code pending} when the client's own transaction block decides.
     */
    public static void run(StatementScope scope, Pending pending) {
        new HypertableDdl(scope, pending).execute();
    }

    /** Runs VACUUM or ANALYZE: the root table at home, then every chunk on every node. */
    public static void maintain(StatementScope scope) {
        HypertableMaintenance.run(scope);
    }

    private void execute() {
        HomeConnection home = scope.home();
        ownTransaction = home.status() == TransactionStatus.IDLE;
        if (ownTransaction) {
            home.query("BEGIN");
        }
        try {
            // Root tables are followed by OID: a rename or a new schema is not a drop.
            Map<Hypertable, String> oids = new LinkedHashMap<>();
            for (Hypertable hypertable : namedHypertables()) {
                oids.put(hypertable, relationOid(SqlText.qualified(hypertable.schemaName(), hypertable.tableName())));
            }
            StatementRequest request = scope.request();
            HomeConnection.Outcome outcome = home.execute(atHome(oids), request.parameterTypes(), request.parameterFormats(),
                    request.parameters());
            if (outcome.error() != null) {
                throw StatementScope.fromHome(outcome.error());
            }
            for (Map.Entry<Hypertable, String> named : oids.entrySet()) {
                plan(named.getKey(), named.getValue());
            }
            apply();
            if (ownTransaction) {
                scope.remote().commit(new HomeCommitDecision(home));
            }
            if (ownTransaction) {
                afterCommit.forEach(Runnable::run);
            } else {
                pending.onCommit.addAll(afterCommit);
                pending.synced.putAll(synced);
            }
            outcome.notices().forEach(notice -> scope.client().send(notice.encode(BackendMessages.NOTICE_RESPONSE, scope.home().encoding())));
            scope.client().send(BackendMessages.commandComplete(outcome.commandTag()));
        } catch (RuntimeException e) {
            if (ownTransaction) {
                scope.remote().rollback();
                if (home.status() != TransactionStatus.IDLE) {
                    home.query("ROLLBACK");
                }
            }
            throw e;
        }
    }

    /**
     * The statement as the home database runs it, where the root tables have the chunks' foreign
     * tables as children: TRUNCATE reaches only the root tables (the access node truncates the
     * chunks), ALTER TABLE changes column types without USING (foreign tables take none; the
     * chunks convert by the type's cast, see chunkStatements), and DROP TABLE first drops the
     * foreign tables, in the same transaction.
     */
    private String atHome(Map<Hypertable, String> oids) {
        DistributedStatement statement = scope.statement();
        if (statement.kind() == DistributedStatement.Kind.TRUNCATE) {
            return DistributedStatement.onlyHypertables(statement.sql(), statement.tokens(), scope.services().registry()::isHypertable);
        }
        if (statement.tokens().get(0).isKeyword("alter") && statement.tokens().get(1).isKeyword("table")) {
            return DistributedStatement.withoutTypeConversions(statement.sql(), statement.tokens());
        }
        if (statement.tokens().get(0).isKeyword("drop") && statement.tokens().get(1).isKeyword("table")) {
            oids.values().stream().filter(java.util.Objects::nonNull)
                    .forEach(oid -> scope.home().query("SELECT _timeshard_catalog.drop_foreign_chunks($1::oid::regclass)", oid));
        }
        return statement.sql();
    }

    private List<Hypertable> namedHypertables() {
        HypertableRegistry registry = scope.services().registry();
        return DistributedStatement.hypertablesNamed(scope.statement().tokens(), name -> registry.find(name).isPresent()).stream()
                .map(name -> registry.find(name).orElseThrow()).distinct().toList();
    }

    private void plan(Hypertable hypertable, String oid) {
        Optional<RootTable> root = oid == null ? Optional.empty() : RootTable.fromRows(scope.home().query(RootTable.QUERY, oid));
        List<Chunk> chunks = scope.services().chunks().chunks(hypertable.id());
        if (scope.statement().kind() == DistributedStatement.Kind.TRUNCATE) {
            forEachNode(chunks, tables -> "TRUNCATE " + String.join(", ", tables));
            return;
        }
        if (root.isEmpty()) {
            scope.services().routing().tablesToDrop(chunks).forEach((node, tables) -> statementsByNode
                    .computeIfAbsent(node, name -> new ArrayList<>()).add("DROP TABLE IF EXISTS " + String.join(", ", tables)));
            afterCommit.add(() -> {
                scope.services().hypertables().delete(hypertable.id());
                scope.services().chunks().invalidate(hypertable.id());
                scope.services().registry().refresh();
            });
            return;
        }
        RootTable table = root.get();
        requireDimensionsInUniqueIndexes(hypertable, table);
        Synced before = Optional.ofNullable(pending.synced.get(hypertable.id())).orElseGet(() -> new Synced(
                scope.services().hypertables().syncedColumns(hypertable.id()), scope.services().hypertables().syncedIndexes(hypertable.id())));
        List<SyncedColumn> columns = before.columns();
        List<SyncedIndex> indexes = before.indexes();
        synced.put(hypertable.id(), new Synced(table.syncedColumns(), table.indexes()));
        syncChunkTree(hypertable, oid, columns, table);
        for (Chunk chunk : chunks) {
            List<String> statements = chunkStatements(columns, indexes, table, chunk);
            for (String node : scope.remote().writeTargets(chunk)) {
                statementsByNode.computeIfAbsent(node, name -> new ArrayList<>()).addAll(statements);
            }
        }
        afterCommit.add(() -> {
            scope.services().hypertables().replaceSyncedState(hypertable.id(), table.syncedColumns(), table.indexes());
            if (!table.tableName().equals(hypertable.tableName()) || !table.schemaName().equals(hypertable.schemaName())) {
                scope.services().hypertables().rename(hypertable.id(), table.schemaName(), table.tableName());
            }
            scope.services().registry().refresh();
            scope.services().registry().find(new QualifiedName(Optional.of(table.schemaName()), table.tableName()))
                    .ifPresent(scope.services().foreignChunks()::ownLikeRoot); // after ALTER TABLE ... OWNER TO
        });
    }

    /**
     * Gives the hypertable's chunk tree at home (which ALTER TABLE on the root table does not reach)
     * the root table's columns, in the statement's transaction, when they changed.
     */
    private void syncChunkTree(Hypertable hypertable, String oid, List<SyncedColumn> columns, RootTable root) {
        Map<Integer, SyncedColumn> before = columns.stream().collect(Collectors.toMap(SyncedColumn::attnum, Function.identity()));
        List<String> previousNames = root.columns().stream()
                .map(column -> before.containsKey(column.attnum()) ? before.get(column.attnum()).name() : "").toList();
        boolean changed = columns.size() != root.columns().size() || root.columns().stream().anyMatch(column -> {
            SyncedColumn old = before.get(column.attnum());
            return old == null || !old.name().equals(column.name()) || !old.type().equals(column.type());
        });
        if (changed) {
            scope.home().query("SELECT _timeshard_catalog.sync_chunk_tree($1::oid::regclass, $2::int, $3::text[])", oid,
                    String.valueOf(hypertable.id()), SqlText.arrayLiteral(previousNames));
        }
    }

    /** A unique index can only be enforced chunk by chunk when every dimension column is part of it. */
    private static void requireDimensionsInUniqueIndexes(Hypertable hypertable, RootTable table) {
        List<String> dimensions = new ArrayList<>(List.of(hypertable.time().column()));
        hypertable.space().ifPresent(space -> dimensions.add(space.column()));
        for (SyncedIndex index : table.indexes()) {
            if (!index.unique()) {
                continue;
            }
            String columns = index.definition().toLowerCase(java.util.Locale.ROOT);
            for (String dimension : dimensions) {
                if (!java.util.regex.Pattern.compile("(^|[(\\s,\"])" + java.util.regex.Pattern.quote(dimension) + "($|[)\\s,\"])")
                        .matcher(columns).find()) {
                    throw TimeshardException.fromPostgres("TS103", "cannot create a unique index without the column \"" + dimension
                            + "\" (used in partitioning)", null,
                            "If you're creating a hypertable on a table with a primary key, ensure the partitioning column is part of the primary or composite key.",
                            null);
                }
            }
        }
    }

    /** The relation's OID as text, or null when there is none by that name. */
    private String relationOid(String qualifiedName) {
        return scope.home().query("SELECT to_regclass($1)::oid::text", qualifiedName).get(0).get(0);
    }

    /** What one chunk needs to match the root table again. */
    private static List<String> chunkStatements(List<SyncedColumn> columns, List<SyncedIndex> indexes, RootTable root, Chunk chunk) {
        List<String> statements = new ArrayList<>();
        String table = "ALTER TABLE " + ChunkTables.qualified(chunk) + " ";
        Map<Integer, SyncedColumn> before = columns.stream().collect(Collectors.toMap(SyncedColumn::attnum, Function.identity()));
        for (RootTable.Column column : root.columns()) {
            SyncedColumn old = before.remove(column.attnum());
            String name = SqlText.identifier(column.name());
            if (old == null) {
                statements.add(table + "ADD COLUMN " + name + " " + column.type()
                        + column.defaultExpression().filter(expression -> !expression.contains("nextval(")).map(e -> " DEFAULT " + e).orElse("")
                        + (column.notNull() ? " NOT NULL" : ""));
                continue;
            }
            if (!old.name().equals(column.name())) {
                statements.add(table + "RENAME COLUMN " + SqlText.identifier(old.name()) + " TO " + name);
            }
            if (!old.type().equals(column.type())) {
                statements.add(table + "ALTER COLUMN " + name + " TYPE " + column.type());
            }
            if (old.notNull() != column.notNull()) {
                statements.add(table + "ALTER COLUMN " + name + (column.notNull() ? " SET NOT NULL" : " DROP NOT NULL"));
            }
        }
        before.values().forEach(dropped -> statements.add(table + "DROP COLUMN IF EXISTS " + SqlText.identifier(dropped.name())));
        Map<String, SyncedIndex> oldIndexes = indexes.stream().collect(Collectors.toMap(SyncedIndex::name, Function.identity()));
        for (SyncedIndex index : root.indexes()) {
            SyncedIndex old = oldIndexes.remove(index.name());
            if (old != null && !old.equals(index)) {
                statements.add(ChunkTables.dropIndex(chunk, old.name()));
            }
            if (old == null || !old.equals(index)) {
                statements.add(ChunkTables.createIndex(chunk, index));
            }
        }
        oldIndexes.keySet().forEach(name -> statements.add(ChunkTables.dropIndex(chunk, name)));
        return statements;
    }

    private void forEachNode(List<Chunk> chunks, Function<List<String>, String> statement) {
        Map<String, List<String>> tablesByNode = new LinkedHashMap<>();
        for (Chunk chunk : chunks) {
            scope.remote().writeTargets(chunk)
                    .forEach(node -> tablesByNode.computeIfAbsent(node, name -> new ArrayList<>()).add(ChunkTables.qualified(chunk)));
        }
        tablesByNode.forEach((node, tables) -> statementsByNode.computeIfAbsent(node, name -> new ArrayList<>()).add(statement.apply(tables)));
    }

    private void apply() {
        NodeStatements nodes = new NodeStatements(scope.remote(), scope.settings());
        // Open every node first: one that cannot be reached fails the DDL before any node changed.
        statementsByNode.keySet().forEach(node -> scope.remote().connection(node));
        statementsByNode.forEach((node, statements) -> statements.forEach(sql -> nodes.run(node, sql, List.of(), true, row -> { })));
    }
}
