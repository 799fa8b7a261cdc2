package io.timeshard.ddl;

import io.timeshard.catalog.Chunk;
import io.timeshard.cluster.ChunkTables;
import io.timeshard.cluster.RemoteErrors;
import io.timeshard.home.HomeConnection;
import io.timeshard.home.StatementScope;
import io.timeshard.protocol.BackendMessages;
import io.timeshard.sql.DistributedStatement;
import io.timeshard.sql.SqlText;
import io.timeshard.sql.SqlToken;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** VACUUM and ANALYZE of a hypertable: the root table at home, then every chunk on every node. */
final class HypertableMaintenance {
    private HypertableMaintenance() {}

    static void run(StatementScope scope) {
        DistributedStatement statement = scope.statement();
        HomeConnection.Outcome outcome = scope.home().execute(statement.sql(), List.of(), List.of(), List.of());
        if (outcome.error() != null) {
            throw StatementScope.fromHome(outcome.error());
        }
        outcome.notices().forEach(notice -> scope.client().send(notice.encode(BackendMessages.NOTICE_RESPONSE, scope.home().encoding())));
        // A role that may not vacuum or analyze the root table got PostgreSQL's warning, and the chunks stay as they are.
        if (!maintains(scope)) {
            scope.client().send(BackendMessages.commandComplete(outcome.commandTag()));
            return;
        }
        String command = statement.sql().substring(0, firstTableToken(statement).start());
        Map<String, List<String>> tablesByNode = new LinkedHashMap<>();
        for (Chunk chunk : scope.services().chunks().chunks(scope.hypertable().id())) {
            // A node that is down misses nothing it needs: its replicas are copied afresh when it returns.
            chunk.replicas().stream().filter(scope.services().health()::isAvailable).forEach(node -> tablesByNode.computeIfAbsent(node, name -> new ArrayList<>()).add(ChunkTables.qualified(chunk)));
        }
        // VACUUM cannot run in a transaction block: each node runs it on a connection of its own.
        tablesByNode.entrySet().parallelStream().forEach(entry -> {
            try (Connection connection = scope.services().connections().open(entry.getKey());
                 Statement sql = connection.createStatement()) {
                sql.execute(command + String.join(", ", entry.getValue()));
            } catch (SQLException e) {
                throw RemoteErrors.from(entry.getKey(), e);
            }
        });
        scope.client().send(BackendMessages.commandComplete(outcome.commandTag()));
    }

    /** PostgreSQL 16's rule: the table's owner, the database's owner or a superuser may vacuum and analyze it. */
    private static boolean maintains(StatementScope scope) {
        return "t".equals(scope.home().query("SELECT pg_has_role(current_user, c.relowner, 'USAGE') OR pg_has_role(current_user, d.datdba, 'USAGE')"
                + " FROM pg_class c, pg_database d WHERE c.oid = $1::regclass AND d.datname = current_database()",
                SqlText.qualified(scope.hypertable().schemaName(), scope.hypertable().tableName())).get(0).get(0));
    }

    private static SqlToken firstTableToken(DistributedStatement statement) {
        List<SqlToken> tokens = statement.tokens();
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (token.isIdentifier() && token.identifier().equals(statement.hypertable().name())) {
                boolean qualified = i >= 2 && tokens.get(i - 1).kind() == SqlToken.Kind.DOT;
                return qualified ? tokens.get(i - 2) : token;
            }
        }
        return tokens.get(tokens.size() - 1);
    }
}
