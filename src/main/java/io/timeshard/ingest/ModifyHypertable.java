package io.timeshard.ingest;

import io.timeshard.catalog.Chunk;
import io.timeshard.cluster.ChunkTables;
import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.home.StatementScope;
import io.timeshard.protocol.BackendMessages;
import io.timeshard.protocol.ResultRows;
import io.timeshard.sql.DimensionPredicate;
import io.timeshard.sql.DistributedStatement;
import io.timeshard.sql.JdbcPlaceholders;
import io.timeshard.sql.SqlText;
import io.timeshard.sql.SqlToken;
import io.timeshard.txn.NodeStatements;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * UPDATE and DELETE on a hypertable: the statement runs on every replica of every chunk, with the
 * chunk in the hypertable's place; counts and RETURNING rows come from each chunk's primary replica.
 */
final class ModifyHypertable {
    private static final Set<String> NOT_ALIASES = Set.of("set", "where", "using", "returning", "from");

    private ModifyHypertable() {}

    static void run(StatementScope scope) {
        DistributedStatement statement = scope.statement();
        List<SqlToken> tokens = statement.tokens();
        int next = statement.targetEnd() + 1;
        String alias = scope.hypertable().tableName();
        if (next < tokens.size() && tokens.get(next).isKeyword("as")) {
            alias = tokens.get(next + 1).identifier();
            next += 2;
        } else if (next < tokens.size() && tokens.get(next).isIdentifier() && !NOT_ALIASES.contains(tokens.get(next).text().toLowerCase())) {
            alias = tokens.get(next).identifier();
            next++;
        }
        boolean update = statement.kind() == DistributedStatement.Kind.UPDATE;
        if (next >= tokens.size() && update) {
            throw TimeshardException.of(ErrorCode.SYNTAX_ERROR, "syntax error at end of input");
        }
        if (update) {
            rejectSpaceColumnUpdate(scope, tokens, next);
        }
        // A DELETE may end with its target: it deletes every row.
        JdbcPlaceholders rest = JdbcPlaceholders.of(next < tokens.size() ? statement.sql().substring(tokens.get(next).start()) : "");
        List<String> values = rest.values(scope.request().textParameters());
        Optional<ResultRows> results = tokens.stream().anyMatch(token -> token.depth() == 0 && token.isKeyword("returning"))
                ? ResultRows.startIfRows(scope.client(), scope.request(), scope.home().describe(statement.sql(), scope.request().parameterTypes()))
                : Optional.empty();
        NodeStatements nodes = new NodeStatements(scope.remote(), scope.settings());
        long rows = 0;
        for (Chunk chunk : matchingChunks(scope, tokens, next, alias)) {
            String sql = (update ? "UPDATE " : "DELETE FROM ") + ChunkTables.qualified(chunk) + " AS " + SqlText.identifier(alias) + " " + rest.sql();
            rows += nodes.runOnReplicas(chunk, sql, values, results);
        }
        scope.client().send(BackendMessages.commandComplete((update ? "UPDATE " : "DELETE ") + rows));
    }

    /** The chunks the WHERE clause leaves: the statement need not run on the others. */
    private static List<Chunk> matchingChunks(StatementScope scope, List<SqlToken> tokens, int from, String alias) {
        List<Chunk> chunks = scope.services().chunks().chunks(scope.hypertable().id());
        boolean otherTables = tokens.subList(from, tokens.size()).stream()
                .anyMatch(token -> token.depth() == 0 && (token.isKeyword("from") || token.isKeyword("using")));
        for (int i = from; i < tokens.size(); i++) {
            if (tokens.get(i).depth() == 0 && tokens.get(i).isKeyword("where")) {
                return scope.chunkExclusion().matching(chunks, DimensionPredicate.read(tokens, i, scope.dimensionColumns(),
                        new java.util.HashSet<>(List.of(alias, scope.hypertable().tableName())), !otherTables));
            }
        }
        return chunks;
    }

    /** A row whose space value changes could belong to another chunk on another node: refused. */
    private static void rejectSpaceColumnUpdate(StatementScope scope, List<SqlToken> tokens, int from) {
        Optional<String> space = scope.hypertable().space().map(dimension -> dimension.column());
        if (space.isEmpty()) {
            return;
        }
        for (int i = from; i + 1 < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (token.depth() == 0 && (token.isKeyword("where") || token.isKeyword("from") || token.isKeyword("returning"))) {
                return;
            }
            if (token.isIdentifier() && token.identifier().equals(space.get()) && tokens.get(i + 1).text().equals("=")) {
                throw TimeshardException.of(ErrorCode.FEATURE_NOT_SUPPORTED, "cannot update the space-partitioning column \""
                        + space.get() + "\" of distributed hypertable \"" + scope.hypertable().tableName() + "\"")
                        .withHint("Delete the rows and insert them with the new value.");
            }
        }
    }
}
