package io.timeshard.plan;

import io.timeshard.catalog.Chunk;
import io.timeshard.catalog.Hypertable;
import io.timeshard.catalog.HypertableRegistry;
import io.timeshard.cluster.ChunkTables;
import io.timeshard.cluster.RemoteErrors;
import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.home.BoundStatement;
import io.timeshard.home.StatementScope;
import io.timeshard.protocol.BackendMessages;
import io.timeshard.protocol.PgMessage;
import io.timeshard.protocol.StatementRequest;
import io.timeshard.protocol.TransactionStatus;
import io.timeshard.sql.DistributedStatement;
import io.timeshard.sql.QualifiedName;
import io.timeshard.sql.SqlText;
import io.timeshard.sql.SqlToken;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Queries on hypertables, answered by the home database over the hypertables' rows fetched from
 * the data nodes into temporary tables: correct for any query PostgreSQL can run, but it moves
 * every row. The distributed planner replaces this for the queries it can push down.
 */
final class HypertableQuery {
    private static final byte[] BINARY_HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
    private static final int HEADER_LENGTH = BINARY_HEADER.length;
    private static final int TRAILER_LENGTH = 2;
    private static final Set<String> CLAUSE_KEYWORDS = Set.of("where", "join", "inner", "left", "right", "full", "cross", "on",
            "group", "order", "limit", "offset", "union", "except", "intersect", "having", "window", "for", "natural", "using",
            "fetch", "returning", "set", "values", "lateral", "tablesample", "when", "then", "else", "end", "and", "or");

    private static final java.time.Duration NODE_RECHECK = java.time.Duration.ofSeconds(2);

    private HypertableQuery() {}

    /** Runs the statement at home; {@code requirePrivileges} checks the client's privileges where the home database does not. */
    static void run(StatementScope scope, Runnable requirePrivileges) {
        DistributedStatement statement = scope.statement();
        HypertableRegistry registry = scope.services().registry();
        List<QualifiedName> named = DistributedStatement.hypertablesNamed(statement.tokens(), registry::isHypertable);
        // COPY of a table reads no child tables: it becomes the COPY of a query.
        boolean copyTable = statement.tokens().get(0).isKeyword("copy") && statement.tokens().get(1).kind() != SqlToken.Kind.OPEN;
        String sql;
        if (readsForeignTables(scope)) {
            sql = copyTable ? copyOut(statement, registry, hypertable -> SqlText.qualified(hypertable.schemaName(), hypertable.tableName()))
                    : statement.sql();
        } else {
            requirePrivileges.run(); // the statement reads copies instead: PostgreSQL cannot check the hypertables
            for (QualifiedName name : named.stream().distinct().toList()) {
                Hypertable hypertable = registry.find(name).orElseThrow();
                List<Chunk> chunks = scope.services().chunks().chunks(hypertable.id());
                load(scope, hypertable, named.size() == 1 ? excluded(scope, chunks) : chunks);
            }
            sql = copyTable ? copyOut(statement, registry, HypertableQuery::scanTable) : rewrite(statement, registry);
        }
        relayAtHome(scope, sql);
    }

    /**
     * Runs {@code sql} at home with the client's parameters and result formats, relaying its rows and
     * CommandComplete. A query outside a transaction block whose foreign scans could not reach a
     * data node, before any row came, runs once more after the health checks had their say (the
     * chunks' foreign tables then read replicas that answer).
     */
    private static void relayAtHome(StatementScope scope, String sql) {
        HeldDescription first = new HeldDescription(scope.client()::send);
        try {
            relay(scope, sql, first);
        } catch (TimeshardException e) {
            boolean retry = scope.statement().kind() == DistributedStatement.Kind.QUERY && e.sqlState().startsWith("08")
                    && !first.rowsSent() && scope.home().status() == TransactionStatus.IDLE;
            if (!retry) {
                throw e;
            }
            scope.services().health().recheck(NODE_RECHECK);
            if (!readsForeignTables(scope)) {
                throw e;
            }
            relay(scope, sql, new HeldDescription(scope.client()::send));
        }
    }

    private static void relay(StatementScope scope, String sql, HeldDescription relay) {
        StatementRequest request = scope.request();
        List<Short> formats = request.bind().map(bind -> bind.resultFormats()).orElse(List.of());
        String tag = scope.home().relayQuery(BoundStatement.of(sql, request), formats, request.isSimpleProtocol(), relay);
        relay.flush();
        scope.client().send(BackendMessages.commandComplete(tag));
    }

    /** Relays messages, holding a RowDescription back until the first row, so that a statement that failed before can run again. */
    private static final class HeldDescription implements java.util.function.Consumer<PgMessage> {
        private final java.util.function.Consumer<PgMessage> client;
        private PgMessage description;
        private boolean rowsSent;

        HeldDescription(java.util.function.Consumer<PgMessage> client) {
            this.client = client;
        }

        @Override
        public void accept(PgMessage message) {
            if (message.typeChar() == BackendMessages.ROW_DESCRIPTION && !rowsSent) {
                description = message;
                return;
            }
            if (message.typeChar() != BackendMessages.NOTICE_RESPONSE) {
                flush();
                rowsSent = true;
            }
            client.accept(message);
        }

        void flush() {
            if (description != null) {
                client.accept(description);
                description = null;
            }
        }

        boolean rowsSent() {
            return rowsSent;
        }
    }

    /**
     * Runs a statement that reads hypertables and that timeshard does not take apart (a view or a
     * table defined by a query, PREPARE, DECLARE CURSOR, ...) at home as written, over the chunks'
     * foreign tables; refuses it when they cannot serve it.
     */
    static void runAsWritten(StatementScope scope) {
        if (!readsForeignTables(scope)) {
            String what = scope.statement().kind() == DistributedStatement.Kind.DEFINITION
                    ? "a view, function, trigger or rule over distributed hypertable" : "this statement on distributed hypertable";
            throw TimeshardException.of(ErrorCode.FEATURE_NOT_SUPPORTED, what + " \"" + scope.hypertable().tableName() + "\" "
                    + (scope.remote().hasWritten() ? "cannot run in a transaction that has written to distributed hypertables"
                    : "needs the chunks as foreign tables in the home database (postgres_fdw)"))
                    .withHint("It reads the chunks through the home database's own connections to the data nodes.");
        }
        relayAtHome(scope, scope.statement().sql());
    }

    static void runUnderRowSecurity(StatementScope scope) {
        if (scope.statement().kind() != DistributedStatement.Kind.QUERY || !readsForeignTables(scope)) {
            throw TimeshardException.of(ErrorCode.FEATURE_NOT_SUPPORTED, "row-level security of distributed hypertable \""
                    + scope.hypertable().tableName() + "\" applies to this role: "
                    + (scope.statement().kind() == DistributedStatement.Kind.QUERY
                    ? "its queries cannot run in a transaction that has written to distributed hypertables"
                    : "only queries are supported, not writes"))
                    .withHint("Policies are applied by PostgreSQL at home, which reads the chunks as foreign tables.");
        }
        run(scope, () -> { }); // on the foreign path: PostgreSQL checks the statement's privileges

    }

    /**
     * True when the statement can run at home as written, reading the chunks' foreign tables: each
     * hypertable it names has every chunk attached, and this session's distributed transaction has
     * written nothing, which the foreign tables' own connections to the nodes could not see yet.
     * Otherwise the chunks' rows are copied into temporary tables first.
     */
    static boolean readsForeignTables(StatementScope scope) {
        if (scope.remote().hasWritten()) {
            return false;
        }
        HypertableRegistry registry = scope.services().registry();
        return DistributedStatement.hypertablesNamed(scope.statement().tokens(), registry::isHypertable).stream().distinct()
                .map(name -> registry.find(name).orElseThrow())
                .allMatch(hypertable -> scope.services().foreignChunks().readable(hypertable, scope.services().chunks().chunks(hypertable.id())));
    }

    static String scanTable(Hypertable hypertable) {
        return "pg_temp." + SqlText.identifier("_timeshard_scan_" + hypertable.id());
    }

    /**
     * The chunks a query's top-level WHERE clause leaves: "SELECT ... FROM ... WHERE ..." without
     * set operations, where every top-level condition filters the joined rows. In a join only
     * conditions qualified by the hypertable's alias count (an unqualified column could be another
     * table's); with the hypertable alone in FROM, unqualified ones count too.
     */
    private static List<Chunk> excluded(StatementScope scope, List<Chunk> chunks) {
        List<SqlToken> tokens = scope.statement().tokens();
        if (tokens.isEmpty() || !tokens.get(0).isKeyword("select")) {
            return chunks;
        }
        int from = -1;
        boolean joined = false;
        String qualifier = null;
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (token.depth() != 0) {
                continue;
            }
            if (token.isKeyword("union") || token.isKeyword("intersect") || token.isKeyword("except")) {
                return chunks;
            }
            if (token.isKeyword("from") && from < 0) {
                from = i;
            } else if (from >= 0 && (token.isKeyword("join") || token.kind() == SqlToken.Kind.COMMA)) {
                joined = true;
            } else if (from >= 0 && qualifier == null && token.isIdentifier() && token.identifier().equals(scope.hypertable().tableName())
                    && (i + 1 >= tokens.size() || tokens.get(i + 1).kind() != SqlToken.Kind.DOT)) {
                qualifier = aliasAfter(tokens, i + 1).orElse(scope.hypertable().tableName());
            } else if (token.isKeyword("where") && from >= 0) {
                if (qualifier == null) {
                    return chunks;
                }
                return scope.chunkExclusion().matching(chunks, io.timeshard.sql.DimensionPredicate.read(tokens, i,
                        scope.dimensionColumns(), Set.of(qualifier), !joined));
            }
        }
        return chunks;
    }

    private static java.util.Optional<String> aliasAfter(List<SqlToken> tokens, int next) {
        if (!hasAlias(tokens, next)) {
            return java.util.Optional.empty();
        }
        int alias = tokens.get(next).isKeyword("as") ? next + 1 : next;
        return alias < tokens.size() ? java.util.Optional.of(tokens.get(alias).identifier()) : java.util.Optional.empty();
    }

    /** Fills the hypertable's temporary table with the rows of {@code chunks}, one primary replica each. */
    private static void load(StatementScope scope, Hypertable hypertable, List<Chunk> chunks) {
        String table = scanTable(hypertable);
        scope.home().query("SELECT _timeshard_catalog.create_temp_copy($1, $2::regclass, false)", "_timeshard_scan_" + hypertable.id(),
                SqlText.qualified(hypertable.schemaName(), hypertable.tableName()));
        String columns = scope.root(hypertable).columns().stream().map(column -> SqlText.identifier(column.name()))
                .collect(java.util.stream.Collectors.joining(", "));
        if (!scope.home().encoding().isUtf8()) {
            // Binary text values would be read in the session's client_encoding; text rows say they are UTF-8.
            scope.home().copyIn("COPY " + table + " (" + columns + ") FROM STDIN (FORMAT text, ENCODING 'UTF8')", () -> {
                for (Chunk chunk : chunks) {
                    copyChunk(scope, chunk, "COPY " + ChunkTables.qualified(chunk) + " (" + columns + ") TO STDOUT", 0, 0);
                }
            });
            return;
        }
        scope.home().copyIn("COPY " + table + " (" + columns + ") FROM STDIN (FORMAT binary)", () -> {
            scope.home().sendCopyData(BINARY_HEADER, 0, HEADER_LENGTH);
            for (Chunk chunk : chunks) {
                copyChunk(scope, chunk, "COPY " + ChunkTables.qualified(chunk) + " (" + columns + ") TO STDOUT (FORMAT binary)",
                        HEADER_LENGTH, TRAILER_LENGTH);
            }
            scope.home().sendCopyData(new byte[] {(byte) 0xff, (byte) 0xff}, 0, TRAILER_LENGTH);
        });
    }

    /** Streams one chunk's rows into the home COPY, without the first {@code header} and last {@code trailer} bytes. */
    private static void copyChunk(StatementScope scope, Chunk chunk, String copyOut, int header, int trailer) {
        String node = chunk.primaryReplica();
        Connection connection = scope.remote().connection(node);
        try {
            CopyOut out = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(copyOut);
            byte[] held = new byte[0];
            int skipped = 0;
            byte[] data;
            while ((data = out.readFromCopy()) != null) {
                int start = 0;
                if (skipped < header) {
                    start = Math.min(data.length, header - skipped);
                    skipped += start;
                }
                byte[] combined = concat(held, data, start);
                int send = Math.max(0, combined.length - trailer);
                if (send > 0) {
                    scope.home().sendCopyData(combined, 0, send);
                }
                held = java.util.Arrays.copyOfRange(combined, send, combined.length);
            }
        } catch (SQLException e) {
            throw RemoteErrors.from(node, e);
        }
    }

    private static byte[] concat(byte[] first, byte[] second, int secondStart) {
        byte[] combined = new byte[first.length + second.length - secondStart];
        System.arraycopy(first, 0, combined, 0, first.length);
        System.arraycopy(second, secondStart, combined, first.length, second.length - secondStart);
        return combined;
    }

    /** COPY hypertable [(columns)] TO ...: the same COPY of a query on {@code relation} of the hypertable. */
    private static String copyOut(DistributedStatement statement, HypertableRegistry registry, Function<Hypertable, String> relation) {
        List<SqlToken> tokens = statement.tokens();
        String sql = statement.sql();
        Hypertable hypertable = registry.find(statement.hypertable()).orElseThrow();
        int index = statement.tokens().get(2).kind() == SqlToken.Kind.DOT ? 3 : 1;
        String columns = "*";
        int next = index + 1;
        if (next < tokens.size() && tokens.get(next).kind() == SqlToken.Kind.OPEN) {
            int close = next;
            while (tokens.get(close).kind() != SqlToken.Kind.CLOSE) {
                close++;
            }
            columns = sql.substring(tokens.get(next).end(), tokens.get(close).start());
            next = close + 1;
        }
        return "COPY (SELECT " + columns + " FROM " + relation.apply(hypertable) + ") " + sql.substring(tokens.get(next).start());
    }

    /** The query with every hypertable replaced by its temporary table, under the hypertable's name. */
    static String rewrite(DistributedStatement statement, HypertableRegistry registry) {
        List<SqlToken> tokens = statement.tokens();
        String sql = statement.sql();
        StringBuilder text = new StringBuilder();
        int copied = 0;
        List<QualifiedName> names = DistributedStatement.hypertablesNamed(tokens, registry::isHypertable);
        int found = 0;
        for (int i = 0; i < tokens.size() && found < names.size(); i++) {
            SqlToken token = tokens.get(i);
            boolean qualified = i >= 2 && tokens.get(i - 1).kind() == SqlToken.Kind.DOT;
            QualifiedName candidate = names.get(found);
            if (!token.isIdentifier() || !token.identifier().equals(candidate.name())
                    || qualified != candidate.schema().isPresent() || (i + 1 < tokens.size()
                    && (tokens.get(i + 1).kind() == SqlToken.Kind.DOT || tokens.get(i + 1).kind() == SqlToken.Kind.OPEN))) {
                continue;
            }
            found++;
            int start = qualified ? tokens.get(i - 2).start() : token.start();
            Hypertable hypertable = registry.find(candidate).orElseThrow();
            text.append(sql, copied, start).append(scanTable(hypertable));
            if (!hasAlias(tokens, i + 1)) {
                text.append(" AS ").append(SqlText.identifier(hypertable.tableName()));
            }
            copied = token.end();
        }
        return text.append(sql.substring(copied)).toString();
    }

    private static boolean hasAlias(List<SqlToken> tokens, int next) {
        if (next >= tokens.size()) {
            return false;
        }
        SqlToken token = tokens.get(next);
        return token.isKeyword("as") || token.kind() == SqlToken.Kind.QUOTED_IDENTIFIER
                || (token.kind() == SqlToken.Kind.WORD && !CLAUSE_KEYWORDS.contains(token.text().toLowerCase()));
    }
}
