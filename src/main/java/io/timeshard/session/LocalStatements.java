package io.timeshard.session;

import io.timeshard.home.HomeConnection;
import io.timeshard.protocol.BackendMessages;
import io.timeshard.protocol.ClientEncoding;
import io.timeshard.protocol.FrontendMessages.Bind;
import io.timeshard.protocol.FrontendMessages.Parse;
import io.timeshard.protocol.PayloadWriter;
import io.timeshard.protocol.PgMessage;
import io.timeshard.protocol.ResultRows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The extended-protocol statements and portals timeshard answers itself, without the home database
 * parsing and planning them (it would do the work of a plain PostgreSQL statement for nothing):
 * writes on hypertables that return no rows (untyped parameters typed by the home database once), and
 * queries on hypertables this session has described before.
 */
final class LocalStatements {
    private final Map<String, Parse> statements = new HashMap<>();
    /** The local statements that are queries, with their descriptions; the others return no rows. */
    private final Map<String, HomeConnection.StatementDescription> queries = new HashMap<>();
    /** Local portals by name, with the statement each was bound to. */
    private final Map<String, Bind> portals = new HashMap<>();

    /**
     * Takes {@code parse} as a local statement when it can be answered here; false when the home
     * database must parse it. With {@code mayDescribe} a query on hypertables not seen before is
     * described at home now: bound there, it would start its plan, and with it a connection to
     * every data node behind its foreign tables.
     */
    boolean adopt(Parse parse, DistributedSession distributed, boolean mayDescribe) {
        String name = parse.statementName();
        Optional<List<Integer>> writeTypes = distributed.writeParameterTypes(parse.sql(), parse.parameterTypes(), mayDescribe);
        Optional<HomeConnection.StatementDescription> query = writeTypes.isPresent() ? Optional.empty()
                : distributed.knownQuery(parse.sql(), parse.parameterTypes(), mayDescribe);
        queries.remove(name);
        if (writeTypes.isEmpty() && query.isEmpty()) {
            statements.remove(name);
            return false;
        }
        query.ifPresent(description -> queries.put(name, description));
        // A write keeps the types PostgreSQL gave its untyped parameters: Describe reports them, Bind reads values with them.
        statements.put(name, writeTypes.map(types -> new Parse(name, parse.sql(), types)).orElse(parse));
        return true;
    }

    /** A local statement, with the parameter types it was adopted with. */
    Parse statement(String name) {
        return statements.get(name);
    }

    /** Records a Bind; true when its portal is local (its statement is). */
    boolean bind(Bind bind) {
        if (!statements.containsKey(bind.statementName())) {
            portals.remove(bind.portalName());
            return false;
        }
        portals.put(bind.portalName(), bind);
        return true;
    }

    boolean isLocal(boolean statement, String name) {
        return statement ? statements.containsKey(name) : portals.containsKey(name);
    }

    /** The answer to Describe of a local statement (ParameterDescription, then RowDescription or NoData) or portal. */
    List<PgMessage> describe(boolean statement, String name, ClientEncoding encoding) {
        Bind portal = statement ? null : portals.get(name);
        String statementName = statement ? name : portal.statementName();
        HomeConnection.StatementDescription query = queries.get(statementName);
        List<PgMessage> answer = new ArrayList<>();
        if (statement) {
            List<Integer> types = query != null ? query.parameterTypes() : statements.get(name).parameterTypes();
            PayloadWriter description = new PayloadWriter().int16(types.size());
            types.forEach(description::int32);
            answer.add(description.toMessage(BackendMessages.PARAMETER_DESCRIPTION));
        }
        if (query == null || query.rows().isEmpty()) {
            answer.add(BackendMessages.empty(BackendMessages.NO_DATA));
        } else {
            answer.add(portal == null ? query.rows().get() : ResultRows.withFormats(query.rows().get(), portal, encoding));
        }
        return answer;
    }

    /** Forgets a closed statement or portal; true when it was local. */
    boolean close(boolean statement, String name) {
        if (statement) {
            queries.remove(name);
            return statements.remove(name) != null;
        }
        return portals.remove(name) != null;
    }
}
