package io.timeshard.home;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.exec.FinalRows;
import io.timeshard.protocol.BackendMessages;
import io.timeshard.protocol.ClientEncoding;
import io.timeshard.protocol.ErrorFields;
import io.timeshard.protocol.FrontendMessages;
import io.timeshard.protocol.MessageStream;
import io.timeshard.protocol.PayloadReader;
import io.timeshard.protocol.PayloadWriter;
import io.timeshard.protocol.PgMessage;
import io.timeshard.protocol.TransactionStatus;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A client's own session on the home database, spoken in the raw v3 protocol so that
 * statements timeshard does not handle are relayed to PostgreSQL message for message.
 * Owned by the client connection's thread; only {@link #cancel()} may be called from another.
 */
public final class HomeConnection implements FinalRows.Home, AutoCloseable {
    private static final int MAX_MESSAGE_LENGTH = Integer.MAX_VALUE - 8;
    private static final String INTERNAL_NAME = "_timeshard_internal";
    private static final String ATTEMPT_SAVEPOINT = "_timeshard_attempt";

    private final HomeEndpoint endpoint;
    private final Socket socket;
    private final MessageStream stream;
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final UnreportedSettings unreported = new UnreportedSettings();
    private final PrivilegeChecks privilegeChecks = new PrivilegeChecks();
    /** While above zero, the statements run are timeshard's own checks and reads, which change nothing of the session. */
    private int ownStatements;
    /** The session's client_encoding: what the client's text is in, and with it every message of this session. */
    private ClientEncoding encoding = ClientEncoding.UTF8;
    /** Statements sent by {@link #begin} whose answers have not been read yet, oldest first. */
    private final java.util.ArrayDeque<Answer> unread = new java.util.ArrayDeque<>();
    private boolean readingAnswers;
    private int processId;
    private int secretKey;
    private TransactionStatus status = TransactionStatus.IDLE;

    private HomeConnection(HomeEndpoint endpoint, Socket socket) throws IOException {
        this.endpoint = endpoint;
        this.socket = socket;
        this.stream = new MessageStream(socket.getInputStream(), socket.getOutputStream(), MAX_MESSAGE_LENGTH);
    }

    /** Opens a session as {@code user}, passing the client's startup parameters through. */
    /** {@code credential}: what the client's login left to log in as the same role, when the home database asks. */
    public static HomeConnection open(HomeEndpoint endpoint, String user, Credential credential, Map<String, String> startupParameters) {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 10_000);
            HomeConnection connection = new HomeConnection(endpoint, socket);
            connection.startup(user, credential, startupParameters);
            return connection;
        } catch (IOException | UncheckedIOException e) {
            closeQuietly(socket);
            throw TimeshardException.of(ErrorCode.SQLCLIENT_UNABLE_TO_ESTABLISH_CONNECTION,
                    "could not connect to the home database at " + endpoint.host() + ":" + endpoint.port() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    private void startup(String user, Credential credential, Map<String, String> startupParameters) {
        HomeHandshake.Result result = HomeHandshake.perform(stream, endpoint, user, credential, startupParameters);
        parameters.putAll(result.parameters());
        encoding = ClientEncoding.named(parameters.get("client_encoding"));
        processId = result.processId();
        secretKey = result.secretKey();
        status = result.status();
    }

    private void recordParameter(PgMessage message) {
        PayloadReader reader = message.reader();
        String name = reader.readCString();
        String value = reader.readCString();
        parameters.put(name, value);
        if (name.equals("client_encoding")) {
            encoding = ClientEncoding.named(value);
        }
    }

    public ClientEncoding encoding() {
        return encoding;
    }

    /** False when the session reads backslashes in '...' strings as escapes (standard_conforming_strings off). */
    public boolean standardConformingStrings() {
        return !"off".equals(parameters.get("standard_conforming_strings"));
    }

    public Map<String, String> parameters() {
        return Map.copyOf(parameters);
    }

    /** The reported parameters, and the settings that change how values print but are not reported (see {@link UnreportedSettings}). */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>(parameters);
        settings.putAll(own(() -> unreported.values(this::query, status == TransactionStatus.FAILED)));
        return settings;
    }

    /** Notes a statement the client's session runs, which may change a setting PostgreSQL does not report. */
    public void noteStatement(String sql) {
        unreported.noteStatement(sql);
    }

    /** Notes a statement of the client's relayed to the home session (null: text not known), which may change its role. */
    public void noteRelayedStatement(String sql) {
        privilegeChecks.clientStatementRuns(sql);
    }

    public PrivilegeChecks privilegeChecks() {
        return privilegeChecks;
    }

    /**
     * Runs {@code work}, whose statements are timeshard's own checks and catalog reads (they run
     * no SQL of the client's, so cannot change its role), without counting them as the client's.
     */
    public <T> T own(java.util.function.Supplier<T> work) {
        ownStatements++;
        try {
            return work.get();
        } finally {
            ownStatements--;
        }
    }

    /**
     * Runs {@code attempt}, which gives nothing when it failed; inside a transaction block under a
     * savepoint, rolled back to then, so that a failed attempt does not abort the client's transaction.
     */
    public <T> Optional<T> attempt(Supplier<Optional<T>> attempt) {
        boolean inBlock = status == TransactionStatus.IN_TRANSACTION;
        if (inBlock) {
            query("SAVEPOINT " + ATTEMPT_SAVEPOINT);
        }
        Optional<T> result = Optional.empty();
        try {
            result = attempt.get();
            return result;
        } finally {
            if (inBlock) {
                if (result.isEmpty()) {
                    query("ROLLBACK TO SAVEPOINT " + ATTEMPT_SAVEPOINT);
                }
                query("RELEASE SAVEPOINT " + ATTEMPT_SAVEPOINT);
            }
        }
    }

    public TransactionStatus status() {
        return status;
    }

    /** Sends a message; the answers of statements begun before it are read first when anything is read. */
    public void send(PgMessage message) {
        stream.write(message);
    }

    public void flush() {
        stream.flush();
    }

    /** Reads the next message; keeps the transaction status and parameters current as they pass. */
    public PgMessage read() {
        readUnread();
        PgMessage message = readOrFail();
        switch (message.typeChar()) {
            case BackendMessages.READY_FOR_QUERY -> {
                TransactionStatus now = TransactionStatus.fromCode(message.payload()[0]);
                if (now != status) {
                    unreported.noteTransactionBoundary();
                }
                status = now;
            }
            case BackendMessages.PARAMETER_STATUS -> recordParameter(message);
            default -> { }
        }
        return message;
    }

    private PgMessage readOrFail() {
        PgMessage message;
        try {
            message = stream.read();
        } catch (UncheckedIOException e) {
            throw lost(e);
        }
        if (message == null) {
            throw lost(null);
        }
        return message;
    }

    private TimeshardException lost(Exception cause) {
        return TimeshardException.of(ErrorCode.ADMIN_SHUTDOWN, "the connection to the home database was lost", cause);
    }

    /** Runs one statement of timeshard's own and returns its rows as text; throws its error once the session is ready again. */
    @Override
    public List<List<String>> query(String sql, String... textParameters) {
        List<List<String>> rows = new ArrayList<>();
        Outcome outcome = stream(BoundStatement.ofText(sql, this, textParameters), (short) 0, row -> rows.add(textRow(row)), rows);
        if (outcome.error() != null) {
            throw toException(outcome.error());
        }
        return outcome.rows();
    }

    /** What a statement run by {@link #execute} returned: text rows, notices and command tag, or the error PostgreSQL raised. */
    public record Outcome(List<List<String>> rows, List<ErrorFields> notices, String commandTag, ErrorFields error) {}

    /**
     * Runs one statement through a statement and portal of timeshard's own, so the client's
     * unnamed statement and portal are left alone, and waits for the session to be ready again.
     */
    public Outcome execute(String sql, List<Integer> parameterTypes, List<Short> parameterFormats, List<byte[]> parameters) {
        List<List<String>> rows = new ArrayList<>();
        return stream(new BoundStatement(sql, parameterTypes, parameterFormats, parameters), (short) 0, row -> rows.add(textRow(row)), rows);
    }

    /**
     * Runs one statement like {@link #execute} but hands each DataRow to {@code onRow} as it arrives,
     * with every result column in {@code resultFormat} (0 text, 1 binary).
     */
    public Outcome stream(BoundStatement statement, short resultFormat, java.util.function.Consumer<PgMessage> onRow) {
        return stream(statement, resultFormat, onRow, List.of());
    }

    private Outcome stream(BoundStatement statement, short resultFormat, java.util.function.Consumer<PgMessage> onRow,
                           List<List<String>> rows) {
        sendRun(statement, List.of(resultFormat), false);
        return readOutcome(onRow, rows);
    }

    /** The answer of a statement {@link #begin} sent: its outcome, read when first asked for. */
    public final class Answer {
        private Outcome outcome;

        private Answer() {}

        /** Reads the answer now, unless another use of the connection read it first. */
        public Outcome outcome() {
            while (outcome == null) {
                readNextAnswer();
            }
            return outcome;
        }
    }

    /**
     * Sends one statement like {@link #execute} but returns before its answer arrives, so that other
     * work overlaps the round trip, and statements sent after it go in the same one; anything that
     * reads from the connection reads the answer first. Its answer must be small: it waits in the
     * socket while later statements are sent.
     */
    public Answer begin(BoundStatement statement) {
        sendRun(statement, List.of((short) 0), false);
        Answer answer = new Answer();
        unread.add(answer);
        return answer;
    }

    private void readUnread() {
        if (readingAnswers) {
            return; // read() within an answer below
        }
        while (!unread.isEmpty()) {
            readNextAnswer();
        }
    }

    private void readNextAnswer() {
        Answer answer = unread.poll();
        readingAnswers = true;
        try {
            List<List<String>> rows = new ArrayList<>();
            answer.outcome = readOutcome(row -> rows.add(textRow(row)), rows);
        } finally {
            readingAnswers = false;
        }
    }

    private Outcome readOutcome(java.util.function.Consumer<PgMessage> onRow, List<List<String>> rows) {
        List<ErrorFields> notices = new ArrayList<>();
        String commandTag = null;
        ErrorFields error = null;
        RuntimeException consumerFailure = null;
        while (true) {
            PgMessage message = read();
            switch (message.typeChar()) {
                case BackendMessages.DATA_ROW -> {
                    if (consumerFailure == null && error == null) {
                        try {
                            onRow.accept(message);
                        } catch (RuntimeException e) {
                            consumerFailure = e; // the remaining rows are read and dropped
                        }
                    }
                }
                case BackendMessages.COMMAND_COMPLETE -> commandTag = message.reader().readCString();
                case BackendMessages.NOTICE_RESPONSE -> notices.add(ErrorFields.decode(message, encoding));
                case BackendMessages.ERROR_RESPONSE -> error = ErrorFields.decode(message, encoding);
                case BackendMessages.READY_FOR_QUERY -> {
                    if (consumerFailure != null) {
                        throw consumerFailure;
                    }
                    return new Outcome(rows, notices, commandTag, error);
                }
                default -> { }
            }
        }
    }

    /**
     * Runs a query and passes its RowDescription (when {@code describe}) and rows to {@code relay}
     * as PostgreSQL sends them, in the client's result formats; returns the command tag.
     */
    public String relayQuery(BoundStatement statement, List<Short> resultFormats, boolean describe,
                             java.util.function.Consumer<PgMessage> relay) {
        sendRun(statement, resultFormats, describe);
        String commandTag = null;
        ErrorFields error = null;
        while (true) {
            PgMessage message = read();
            switch (message.typeChar()) {
                case BackendMessages.ROW_DESCRIPTION, BackendMessages.DATA_ROW, BackendMessages.NOTICE_RESPONSE,
                     BackendMessages.COPY_OUT_RESPONSE, BackendMessages.COPY_DATA, BackendMessages.COPY_DONE -> relay.accept(message);
                case BackendMessages.COMMAND_COMPLETE -> commandTag = message.reader().readCString();
                case BackendMessages.ERROR_RESPONSE -> error = ErrorFields.decode(message, encoding);
                case BackendMessages.READY_FOR_QUERY -> {
                    if (error != null) {
                        throw toException(error);
                    }
                    return commandTag;
                }
                default -> { }
            }
        }
    }

    /**
     * Parse, Bind, [Describe,] Execute and Sync of one statement on timeshard's own statement and
     * portal, closing what the last run left first: an error skips a run's messages up to its Sync,
     * and closing at the start leaves nothing to clean up after it, also when runs are pipelined.
     */
    private void sendRun(BoundStatement statement, List<Short> resultFormats, boolean describe) {
        noteRun(statement.sql());
        closeInternal();
        send(new FrontendMessages.Parse(INTERNAL_NAME, statement.sql(), statement.parameterTypes()).encode(encoding));
        send(new FrontendMessages.Bind(INTERNAL_NAME, INTERNAL_NAME, statement.parameterFormats(), statement.parameters(), resultFormats)
                .encode());
        if (describe) {
            send(new FrontendMessages.Target('P', INTERNAL_NAME).encode(FrontendMessages.DESCRIBE));
        }
        send(new FrontendMessages.Execute(INTERNAL_NAME, 0).encode());
        send(FrontendMessages.sync());
        flush();
    }

    private void noteRun(String sql) {
        if (ownStatements == 0) {
            privilegeChecks.clientStatementRuns(sql);
        }
    }

    /** Closes timeshard's own portal and statement; closing what does not exist is no error. */
    private void closeInternal() {
        send(new FrontendMessages.Target('P', INTERNAL_NAME).encode(FrontendMessages.CLOSE));
        send(new FrontendMessages.Target('S', INTERNAL_NAME).encode(FrontendMessages.CLOSE));
    }

    /** COPY ... FROM STDIN run with timeshard's own statement; {@code writer} sends the data with {@link #sendCopyData}. */
    @Override
    public String copyIn(String sql, Runnable writer) {
        noteRun(sql);
        closeInternal();
        send(new FrontendMessages.Parse(INTERNAL_NAME, sql, List.of()).encode(encoding));
        send(new FrontendMessages.Bind(INTERNAL_NAME, INTERNAL_NAME, List.of(), List.of(), List.of()).encode());
        send(new FrontendMessages.Execute(INTERNAL_NAME, 0).encode());
        send(FrontendMessages.flush());
        flush();
        ErrorFields error = null;
        String commandTag = null;
        RuntimeException writerFailure = null;
        boolean syncSent = false;
        while (true) {
            PgMessage message = read();
            switch (message.typeChar()) {
                case BackendMessages.COPY_IN_RESPONSE -> {
                    try {
                        writer.run();
                        send(new PgMessage((byte) FrontendMessages.COPY_DONE, new byte[0]));
                    } catch (RuntimeException e) {
                        writerFailure = e;
                        send(new PayloadWriter().bytes(encoding.encodeLeniently(String.valueOf(e.getMessage()))).byte1(0)
                                .toMessage(FrontendMessages.COPY_FAIL));
                    }
                    finishInternal();
                    syncSent = true;
                }
                case BackendMessages.COMMAND_COMPLETE -> commandTag = message.reader().readCString();
                case BackendMessages.ERROR_RESPONSE -> {
                    error = ErrorFields.decode(message, encoding);
                    if (!syncSent) {
                        finishInternal();
                        syncSent = true;
                    }
                }
                case BackendMessages.READY_FOR_QUERY -> {
                    if (writerFailure != null) {
                        throw writerFailure;
                    }
                    if (error != null) {
                        throw toException(error);
                    }
                    return commandTag;
                }
                default -> { }
            }
        }
    }

    @Override
    public void sendCopyData(byte[] data, int offset, int length) {
        byte[] payload = offset == 0 && length == data.length ? data : java.util.Arrays.copyOfRange(data, offset, offset + length);
        send(new PgMessage((byte) FrontendMessages.COPY_DATA, payload));
    }

    private void finishInternal() {
        send(FrontendMessages.sync());
        flush();
    }

    /**
     * The RowDescription PostgreSQL gives {@code sql} without running it; empty for statements that
     * return no rows. Errors (unknown columns, bad syntax) are thrown.
     */
    public java.util.Optional<PgMessage> describe(String sql, List<Integer> parameterTypes) {
        return describeStatement(sql, parameterTypes).rows();
    }

    /** A statement's RowDescription (empty when it returns no rows) and the types PostgreSQL gave its parameters. */
    public record StatementDescription(java.util.Optional<PgMessage> rows, List<Integer> parameterTypes) {}

    public StatementDescription describeStatement(String sql, List<Integer> parameterTypes) {
        closeInternal();
        send(new FrontendMessages.Parse(INTERNAL_NAME, sql, parameterTypes).encode(encoding));
        send(new FrontendMessages.Target('S', INTERNAL_NAME).encode(FrontendMessages.DESCRIBE));
        send(FrontendMessages.sync());
        flush();
        PgMessage description = null;
        List<Integer> parameters = new ArrayList<>();
        ErrorFields error = null;
        while (true) {
            PgMessage message = read();
            switch (message.typeChar()) {
                case BackendMessages.ROW_DESCRIPTION -> description = message;
                case BackendMessages.PARAMETER_DESCRIPTION -> {
                    PayloadReader reader = message.reader();
                    int count = reader.readCount16();
                    for (int i = 0; i < count; i++) {
                        parameters.add(reader.readInt32());
                    }
                }
                case BackendMessages.ERROR_RESPONSE -> error = ErrorFields.decode(message, encoding);
                case BackendMessages.READY_FOR_QUERY -> {
                    if (error != null) {
                        throw toException(error);
                    }
                    return new StatementDescription(java.util.Optional.ofNullable(description), parameters);
                }
                default -> { }
            }
        }
    }

    /** A DataRow of text values, which are in the session's encoding. */
    public List<String> textRow(PgMessage message) {
        PayloadReader reader = message.reader();
        int count = reader.readCount16();
        List<String> row = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] value = reader.readNullableBytes();
            row.add(value == null ? null : encoding.decode(value));
        }
        return row;
    }

    public static TimeshardException toException(ErrorFields error) {
        return TimeshardException.fromPostgres(error.sqlState(), error.message(), error.get(ErrorFields.DETAIL),
                error.get(ErrorFields.HINT), null);
    }

    /** Asks PostgreSQL to cancel whatever this session is running, over a separate connection. */
    public void cancel() {
        try (Socket cancelSocket = new Socket()) {
            cancelSocket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 10_000);
            OutputStream out = cancelSocket.getOutputStream();
            out.write(new PayloadWriter().int32(16).int32(80877102).int32(processId).int32(secretKey).toByteArray());
            out.flush();
            cancelSocket.getInputStream().read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            if (!socket.isClosed()) {
                stream.write(new PgMessage((byte) FrontendMessages.TERMINATE, new byte[0]));
                stream.flush();
            }
        } catch (RuntimeException ignored) {
            // the connection is going away either way
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
