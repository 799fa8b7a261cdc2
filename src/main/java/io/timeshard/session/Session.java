package io.timeshard.session;

import io.timeshard.api.TimeshardFunctions;
import io.timeshard.cluster.ClusterServices;
import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.home.HomeConnection;
import io.timeshard.plan.HomeFacts;
import io.timeshard.protocol.BackendMessages;
import io.timeshard.protocol.ClientChannel;
import io.timeshard.protocol.FrontendMessages;
import io.timeshard.protocol.FrontendMessages.Bind;
import io.timeshard.protocol.FrontendMessages.Parse;
import io.timeshard.protocol.PayloadWriter;
import io.timeshard.protocol.PgMessage;
import io.timeshard.protocol.StatementRequest;
import io.timeshard.protocol.TransactionStatus;
import io.timeshard.sql.SqlText;
import io.timeshard.sql.StatementSplitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One client session. Statements that timeshard does not handle itself are relayed to the
 * client's own home-database session; responses come back in order, so pipelined extended-protocol
 * messages keep working. Calls of timeshard functions are captured, carried out, and then answered
 * by their stubs in the home database (see {@link TimeshardFunctions}).
 * Owned by the connection's thread; {@link #cancel()} is the only method other threads call.
 */
public final class Session implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    /** The home statement a portal bound by timeshard is bound from when the home database takes it over. */
    private static final String HOME_PORTAL_STATEMENT = "_timeshard_portal";

    private final ClientChannel client;
    private final HomeConnection home;
    private final TimeshardFunctions functions;
    private final String user;
    private final DistributedSession distributed;
    private final Deque<Response> pending = new ArrayDeque<>();
    private final Map<String, Parse> callingStatements = new HashMap<>();
    private final Map<String, Parse> distributedStatements = new HashMap<>();
    private final Map<String, StatementRequest> distributedPortals = new HashMap<>();
    private final LocalStatements local = new LocalStatements();
    private boolean skipUntilSync;
    private boolean executedSinceSync;
    /** True once a message of this extended-protocol batch went to the home database, which then owes the ReadyForQuery. */
    private boolean forwardedSinceSync;

    /** The responses still owed by the home database for messages forwarded to it. */
    private enum Response { ONE_MESSAGE, STATEMENT_DESCRIPTION, EXECUTION }

    Session(ClientChannel client, HomeConnection home, ClusterServices services, TimeshardFunctions functions, HomeFacts facts,
            String user) {
        this.client = client;
        this.home = home;
        this.functions = functions;
        this.user = user;
        this.distributed = new DistributedSession(home, client, services, facts);
    }

    public Map<String, String> parameters() {
        return home.parameters();
    }

    /** Handles one client message; returns false when the client asked to terminate. */
    public boolean handle(PgMessage message) {
        char type = message.typeChar();
        if (skipUntilSync && type != FrontendMessages.SYNC && type != FrontendMessages.TERMINATE) {
            return true;
        }
        switch (type) {
            case FrontendMessages.QUERY -> simpleQuery(message);
            case FrontendMessages.PARSE -> parse(message);
            case FrontendMessages.BIND -> bind(message);
            case FrontendMessages.DESCRIBE -> describe(message);
            case FrontendMessages.EXECUTE -> execute(message);
            case FrontendMessages.CLOSE -> close(message);
            case FrontendMessages.SYNC -> sync();
            case FrontendMessages.FLUSH -> {
                drainPending();
                client.flush();
            }
            case FrontendMessages.FUNCTION_CALL -> {
                home.noteRelayedStatement(null);
                home.send(message);
                home.flush();
                relayUntilReady(true);
                client.flush();
            }
            case FrontendMessages.COPY_DATA, FrontendMessages.COPY_DONE, FrontendMessages.COPY_FAIL -> {
                // Outside COPY these are ignored, as PostgreSQL does after a failed COPY.
            }
            case FrontendMessages.TERMINATE -> {
                return false;
            }
            default -> throw TimeshardException.of(ErrorCode.PROTOCOL_VIOLATION, "invalid frontend message type " + (int) type);
        }
        return true;
    }

    private void simpleQuery(PgMessage message) {
        String sql;
        try {
            sql = conforming(FrontendMessages.Query.decode(message, home.encoding()).sql());
        } catch (TimeshardException e) {
            if (e.code() == ErrorCode.PROTOCOL_VIOLATION) {
                throw e;
            }
            if (concernsTimeshard(message)) {
                sendError(e);
                failHomeTransaction();
                client.send(BackendMessages.readyForQuery(home.status()));
                client.flush();
            } else {
                home.noteRelayedStatement(null);
                relayQuery(message);
            }
            return;
        }
        home.noteStatement(sql);
        List<String> statements = StatementSplitter.split(sql);
        if (statements.stream().noneMatch(this::concernsTimeshard)) {
            statements.forEach(home::noteRelayedStatement);
            relayQuery(message);
            return;
        }
        for (String statement : statements) {
            if (!runStatement(statement)) {
                break;
            }
        }
        client.send(BackendMessages.readyForQuery(home.status()));
        client.flush();
    }

    /** The statement as timeshard reads it, which is with standard_conforming_strings on (see {@link SqlText#withConformingStrings}). */
    private String conforming(String sql) {
        return home.standardConformingStrings() ? sql : SqlText.withConformingStrings(sql);
    }

    /** The client's own bytes: they are in its client_encoding, which the home session reads them in. */
    private void relayQuery(PgMessage message) {
        home.send(message);
        home.flush();
        relayUntilReady(true);
        client.flush();
    }

    private boolean concernsTimeshard(String statement) {
        return functions.mentionedIn(statement) || distributed.handles(statement);
    }

    /**
     * Whether a message whose text is not valid in the client's encoding (or not convertible by
     * timeshard) names hypertables or timeshard functions: read byte for byte as Latin-1, which
     * keeps every ASCII name and keyword. Such a message is refused; any other is PostgreSQL's to
     * answer, which reports invalid bytes as it always does.
     */
    private boolean concernsTimeshard(PgMessage message) {
        return StatementSplitter.split(new String(message.payload(), StandardCharsets.ISO_8859_1)).stream().anyMatch(this::concernsTimeshard);
    }

    /** Runs one statement of a simple query that timeshard takes part in; false when it failed. */
    private boolean runStatement(String statement) {
        if (distributed.handles(statement)) {
            return runDistributed(StatementRequest.simple(statement, home.encoding()));
        }
        try {
            if (functions.mentionedIn(statement)) {
                functions.carryOutCalls(home, user, statement, List.of(), null);
            }
        } catch (TimeshardException e) {
            sendError(e);
            failHomeTransaction();
            return false;
        }
        home.noteRelayedStatement(statement);
        home.send(new FrontendMessages.Query(statement).encode(home.encoding()));
        home.flush();
        return relayUntilReady(false);
    }

    /** Runs a statement on hypertables; on failure reports it and fails the home transaction too. */
    private boolean runDistributed(StatementRequest request) {
        StatementTimeout timeout = StatementTimeout.start(home.settings().get("statement_timeout"), this::cancel);
        try (timeout) {
            distributed.run(request);
            return true;
        } catch (TimeshardException e) {
            sendError(timeout.expired() && e.sqlState().equals(ErrorCode.QUERY_CANCELED.sqlState())
                    ? TimeshardException.of(ErrorCode.QUERY_CANCELED, "canceling statement due to statement timeout") : e);
        } catch (RuntimeException e) {
            // A defect, not the client's fault: report it on this statement and keep the connection.
            sendError(TimeshardException.of(ErrorCode.INTERNAL_ERROR, "internal error: " + e, e));
        }
        failHomeTransaction();
        return false;
    }

    /** Parse of a statement answered here rather than parsed at home (see {@link LocalStatements}). */
    private boolean answerLocally(Parse parse) {
        // With nothing sent home since the last Sync, an unknown query can be described there at once.
        if (!local.adopt(parse, distributed, !forwardedSinceSync && !skipUntilSync && pending.isEmpty())) {
            return false;
        }
        answer(BackendMessages.PARSE_COMPLETE);
        distributedStatements.put(parse.statementName(), local.statement(parse.statementName()));
        callingStatements.remove(parse.statementName());
        return true;
    }

    /** Sends a response of timeshard's own after those still owed by the home database. */
    private void answer(char type) {
        drainPending();
        if (!skipUntilSync) {
            client.send(BackendMessages.empty(type));
        }
    }

    private void describe(PgMessage message) {
        FrontendMessages.Target target = decodeName(() -> FrontendMessages.Target.decode(message, home.encoding()));
        if (target == null || !local.isLocal(target.isStatement(), target.name())) {
            forward(message, target == null || target.isStatement() ? Response.STATEMENT_DESCRIPTION : Response.ONE_MESSAGE);
            return;
        }
        drainPending();
        if (!skipUntilSync) {
            local.describe(target.isStatement(), target.name(), home.encoding()).forEach(client::send);
        }
    }

    private void close(PgMessage message) {
        FrontendMessages.Target target = decodeName(() -> FrontendMessages.Target.decode(message, home.encoding()));
        if (target == null) {
            forward(message, Response.ONE_MESSAGE);
            return;
        }
        boolean wasLocal = local.close(target.isStatement(), target.name());
        if (target.isStatement()) {
            callingStatements.remove(target.name());
            distributedStatements.remove(target.name());
        } else {
            distributedPortals.remove(target.name());
        }
        if (wasLocal) {
            answer(BackendMessages.CLOSE_COMPLETE);
        } else {
            forward(message, Response.ONE_MESSAGE);
        }
    }

    private void parse(PgMessage message) {
        Parse parse;
        try {
            Parse decoded = Parse.decode(message, home.encoding());
            parse = new Parse(decoded.statementName(), conforming(decoded.sql()), decoded.parameterTypes());
        } catch (TimeshardException e) {
            if (e.code() == ErrorCode.PROTOCOL_VIOLATION) {
                throw e;
            }
            parseUnconverted(message, e);
            return;
        }
        if (answerLocally(parse)) {
            return;
        }
        home.noteStatement(parse.sql());
        if (functions.mentionedIn(parse.sql())) {
            callingStatements.put(parse.statementName(), parse);
        } else {
            callingStatements.remove(parse.statementName());
        }
        distributedStatements.put(parse.statementName(), parse);
        forward(message, Response.ONE_MESSAGE);
    }

    /** A Parse whose text timeshard cannot convert: see {@link #concernsTimeshard(PgMessage)}. */
    private void parseUnconverted(PgMessage message, TimeshardException error) {
        if (concernsTimeshard(message)) {
            drainPending();
            if (!skipUntilSync) {
                sendError(error);
                failHomeTransaction();
                skipUntilSync = true;
            }
            return;
        }
        String name = decodeName(() -> message.reader(home.encoding()).readCString());
        if (name != null) {
            callingStatements.remove(name);
            distributedStatements.remove(name);
            local.close(true, name);
        }
        forward(message, Response.ONE_MESSAGE);
    }

    /** A message's names in the client's encoding; null when they cannot be converted (the message then goes home as it is). */
    private static <T> T decodeName(java.util.function.Supplier<T> decoding) {
        try {
            return decoding.get();
        } catch (TimeshardException e) {
            if (e.code() == ErrorCode.PROTOCOL_VIOLATION) {
                throw e;
            }
            return null;
        }
    }

    private void execute(PgMessage message) {
        FrontendMessages.Execute execute = decodeName(() -> FrontendMessages.Execute.decode(message, home.encoding()));
        if (execute == null) {
            home.noteRelayedStatement(null);
            forward(message, Response.EXECUTION);
            executedSinceSync = true;
            return;
        }
        StatementRequest request = distributedPortals.get(execute.portalName());
        if (request != null && execute.maxRows() > 0 && distributed.readsAtHome(request)) {
            drainPending();
            if (skipUntilSync || !moveToHome(execute.portalName(), request)) {
                skipUntilSync = true;
                return;
            }
            request = null;
        }
        if (request == null || !distributed.handles(request.sql())) {
            home.noteRelayedStatement(request == null ? null : request.sql());
            forward(message, Response.EXECUTION);
            executedSinceSync = true;
            return;
        }
        drainPending();
        if (!skipUntilSync && !runDistributed(request)) {
            skipUntilSync = true;
        }
    }

    /**
     * Hands a portal of a hypertable query to the home database, which runs it over the chunks'
     * foreign tables: an Execute with a row limit is then answered there, suspended between
     * Executes in bounded memory, as PostgreSQL does. A portal bound here is bound at home first
     * (its ParseComplete, BindComplete and CloseComplete stay here); false when that failed.
     */
    private boolean moveToHome(String portal, StatementRequest request) {
        distributedPortals.remove(portal);
        if (!local.close(false, portal)) {
            return true; // its Bind went to the home database already
        }
        Bind bind = request.bind().orElseThrow();
        home.send(new Parse(HOME_PORTAL_STATEMENT, request.sql(), request.parameterTypes()).encode(home.encoding()));
        home.send(new Bind(portal, HOME_PORTAL_STATEMENT, bind.parameterFormats(), bind.parameters(), bind.resultFormats())
                .encode(home.encoding()));
        home.send(new FrontendMessages.Target('S', HOME_PORTAL_STATEMENT).encode(FrontendMessages.CLOSE));
        home.send(FrontendMessages.flush());
        home.flush();
        forwardedSinceSync = true;
        int answered = 0;
        while (answered < 3) {
            PgMessage answer = home.read();
            if (isAsynchronous(answer.typeChar())) {
                client.send(answer);
            } else if (answer.typeChar() == BackendMessages.ERROR_RESPONSE) {
                client.send(answer);
                return false;
            } else {
                answered++;
            }
        }
        return true;
    }

    private void bind(PgMessage message) {
        Bind bind = decodeName(() -> Bind.decode(message, home.encoding()));
        if (bind == null) {
            forward(message, Response.ONE_MESSAGE);
            return;
        }
        Parse parsed = distributedStatements.get(bind.statementName());
        if (parsed != null) {
            distributedPortals.put(bind.portalName(), new StatementRequest(parsed.sql(), parsed.parameterTypes(), java.util.Optional.of(bind),
                    home.encoding()));
        }
        if (local.bind(bind)) {
            answer(BackendMessages.BIND_COMPLETE);
            return;
        }
        Parse statement = callingStatements.get(bind.statementName());
        if (statement != null) {
            drainPending();
            if (skipUntilSync) {
                return;
            }
            if (executedSinceSync) {
                // Calls are captured in a transaction of their own; earlier pipelined statements commit first.
                home.send(FrontendMessages.sync());
                home.flush();
                relayUntilReady(false);
                executedSinceSync = false;
            }
            try {
                functions.carryOutCalls(home, user, statement.sql(), statement.parameterTypes(), bind);
            } catch (TimeshardException e) {
                sendError(e);
                failHomeTransaction();
                skipUntilSync = true;
                return;
            }
        }
        forward(message, Response.ONE_MESSAGE);
    }

    private void forward(PgMessage message, Response response) {
        forwardedSinceSync = true;
        home.send(message);
        pending.add(response);
    }

    private void sync() {
        skipUntilSync = false;
        executedSinceSync = false;
        pending.clear();
        if (!forwardedSinceSync) {
            // Everything since the last Sync was answered here, and the home session is idle and in step.
            client.send(BackendMessages.readyForQuery(home.status()));
            client.flush();
            return;
        }
        forwardedSinceSync = false;
        home.send(FrontendMessages.sync());
        home.flush();
        relayUntilReady(true);
        client.flush();
    }

    /** Reads the responses owed for forwarded messages, so that timeshard may answer the next one itself. */
    private void drainPending() {
        if (pending.isEmpty()) {
            return;
        }
        home.send(FrontendMessages.flush());
        home.flush();
        while (!pending.isEmpty()) {
            PgMessage message = home.read();
            char type = message.typeChar();
            if (isAsynchronous(type)) {
                client.send(message);
                continue;
            }
            client.send(message);
            if (type == BackendMessages.ERROR_RESPONSE) {
                pending.clear();
                skipUntilSync = true;
                return;
            }
            if (isCompletion(pending.peek(), type)) {
                pending.poll();
            } else if (type == BackendMessages.COPY_IN_RESPONSE) {
                client.flush();
                relayCopyIn();
            }
        }
    }

    private static boolean isAsynchronous(char type) {
        return type == BackendMessages.NOTICE_RESPONSE || type == BackendMessages.NOTIFICATION
                || type == BackendMessages.PARAMETER_STATUS;
    }

    private static boolean isCompletion(Response response, char type) {
        return switch (response) {
            case ONE_MESSAGE -> true;
            case STATEMENT_DESCRIPTION -> type == BackendMessages.ROW_DESCRIPTION || type == BackendMessages.NO_DATA;
            case EXECUTION -> type == BackendMessages.COMMAND_COMPLETE || type == BackendMessages.EMPTY_QUERY
                    || type == BackendMessages.PORTAL_SUSPENDED;
        };
    }

    /**
     * Relays home responses until ReadyForQuery, passing COPY FROM STDIN data through.
     * Returns false when an error was relayed.
     */
    private boolean relayUntilReady(boolean relayReady) {
        boolean succeeded = true;
        while (true) {
            PgMessage message = home.read();
            char type = message.typeChar();
            if (type == BackendMessages.READY_FOR_QUERY) {
                if (relayReady) {
                    client.send(message);
                }
                return succeeded;
            }
            client.send(message);
            if (type == BackendMessages.ERROR_RESPONSE) {
                succeeded = false;
            } else if (type == BackendMessages.COPY_IN_RESPONSE) {
                client.flush();
                relayCopyIn();
            }
        }
    }

    /** Passes the client's COPY data to the home database until CopyDone or CopyFail. */
    private void relayCopyIn() {
        while (true) {
            PgMessage message = client.read();
            if (message == null) {
                home.send(copyFail("client disconnected during COPY"));
                home.flush();
                throw TimeshardException.of(ErrorCode.CONNECTION_FAILURE, "client disconnected during COPY");
            }
            char type = message.typeChar();
            switch (type) {
                case FrontendMessages.COPY_DATA -> home.send(message);
                case FrontendMessages.COPY_DONE, FrontendMessages.COPY_FAIL -> {
                    home.send(message);
                    home.flush();
                    return;
                }
                case FrontendMessages.FLUSH, FrontendMessages.SYNC -> {
                    // ignored during COPY, as PostgreSQL does
                }
                default -> {
                    home.send(copyFail("unexpected message type " + (int) type + " during COPY"));
                    home.flush();
                    throw TimeshardException.of(ErrorCode.PROTOCOL_VIOLATION,
                            "unexpected message type 0x" + Integer.toHexString(type) + " during COPY from stdin");
                }
            }
        }
    }

    private static PgMessage copyFail(String reason) {
        return new PayloadWriter().cString(reason).toMessage(FrontendMessages.COPY_FAIL);
    }

    /** After timeshard itself failed a statement, aborts the client's transaction in the home database too. */
    private void failHomeTransaction() {
        if (home.status() == TransactionStatus.IN_TRANSACTION) {
            home.execute("DO $$BEGIN RAISE EXCEPTION 'statement failed'; END$$", List.of(), List.of(), List.of());
        }
    }

    private void sendError(TimeshardException error) {
        if (error.code().category() == ErrorCode.Category.INTERNAL) {
            LOG.error("internal error", error);
        }
        client.send(BackendMessages.error(error, home.encoding()));
    }

    /**
     * How long the client may stay silent now: idle_in_transaction_session_timeout inside a
     * transaction block (in milliseconds; 0 is no limit). When it passes the connection ends, and with
     * it the nodes' parts of the transaction, as PostgreSQL ends an idle session's transaction.
     */
    public int idleTimeoutMillis() {
        // A transaction with nothing on the nodes is the home database's to end; while responses are
        // owed, the home session cannot be asked for its settings.
        if (home.status() == TransactionStatus.IDLE || !distributed.holdsNodeTransactions() || !pending.isEmpty()) {
            return 0;
        }
        String setting = home.settings().get("idle_in_transaction_session_timeout");
        return setting == null ? 0 : Integer.parseInt(setting);
    }

    /** Cancels what this session is running, in the home database and on the data nodes. */
    public void cancel() {
        distributed.cancel();
        home.cancel();
    }

    @Override
    public void close() {
        try {
            distributed.close();
        } finally {
            home.close();
        }
    }


}
