package io.timeshard.wire;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.home.Credential;
import io.timeshard.protocol.BackendMessages;
import io.timeshard.protocol.ClientChannel;
import io.timeshard.protocol.MessageStream;
import io.timeshard.protocol.PayloadReader;
import io.timeshard.protocol.PgMessage;
import io.timeshard.protocol.TransactionStatus;
import io.timeshard.session.ClientAuthentication;
import io.timeshard.session.Session;
import io.timeshard.session.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One client connection: the startup handshake, then a loop handing each message to its session.
 * Runs on its own virtual thread; anything that escapes the session ends this connection only.
 */
final class ClientConnection implements ClientChannel {
    private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);
    private static final int MAX_STARTUP_PACKET_LENGTH = 10_000;
    /** PostgreSQL's authentication_timeout: a client that has not started its session by then is dropped. */
    private static final int AUTHENTICATION_TIMEOUT_MILLIS = 60_000;
    private static final int MAX_MESSAGE_LENGTH = (1 << 30) - 1;
    private static final int PROTOCOL_3_0 = 196608;
    private static final int SSL_REQUEST = 80877103;
    private static final int GSS_ENCRYPTION_REQUEST = 80877104;
    private static final int CANCEL_REQUEST = 80877102;

    private enum State { STARTUP, READY, CLOSED }

    private final PgServer server;
    private final SessionFactory sessions;
    private final ClientAuthentication authentication;
    private final Optional<TlsIdentity> tls;
    private Socket socket;
    private MessageStream stream;
    private volatile State state = State.STARTUP;
    private volatile Session session;
    private PgServer.BackendKey key;

    ClientConnection(PgServer server, SessionFactory sessions, ClientAuthentication authentication, Optional<TlsIdentity> tls,
                     Socket socket) throws IOException {
        this.server = server;
        this.sessions = sessions;
        this.authentication = authentication;
        this.tls = tls;
        this.socket = socket;
        this.stream = new MessageStream(socket.getInputStream(), socket.getOutputStream(), MAX_STARTUP_PACKET_LENGTH);
    }

    void run() {
        try {
            socket.setSoTimeout(AUTHENTICATION_TIMEOUT_MILLIS);
            Map<String, String> startup = handshake();
            if (startup != null) {
                openSession(startup);
                serve();
            }
        } catch (SocketException e) {
            LOG.debug("client connection ended: {}", e.getMessage());
        } catch (TimeshardException e) {
            fatal(e);
        } catch (UncheckedIOException e) {
            // includes the authentication timeout: a socket read timing out
            LOG.debug("client connection ended: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("client connection failed", e);
            fatal(TimeshardException.of(ErrorCode.INTERNAL_ERROR, "internal error: " + e.getMessage(), e));
        } finally {
            close();
        }
    }

    /** Reads startup packets until a StartupMessage arrives; null when the connection only cancelled or left. */
    private Map<String, String> handshake() {
        while (true) {
            byte[] packet = stream.readStartupPacket();
            if (packet == null) {
                return null;
            }
            PayloadReader reader = new PayloadReader(packet);
            int code = reader.readInt32();
            switch (code) {
                case SSL_REQUEST -> {
                    if (tls.isPresent() && !(socket instanceof SSLSocket)) {
                        stream.writeRaw('S');
                        stream.flush();
                        startTls(tls.get());
                    } else {
                        stream.writeRaw('N');
                        stream.flush();
                    }
                }
                case GSS_ENCRYPTION_REQUEST -> {
                    stream.writeRaw('N');
                    stream.flush();
                }
                case CANCEL_REQUEST -> {
                    server.cancel(new PgServer.BackendKey(reader.readInt32(), reader.readInt32()));
                    return null;
                }
                default -> {
                    if (code >> 16 != 3) {
                        throw TimeshardException.of(ErrorCode.FEATURE_NOT_SUPPORTED, "unsupported frontend protocol "
                                + (code >> 16) + "." + (code & 0xffff) + ": server supports 3.0");
                    }
                    return startupParameters(reader);
                }
            }
        }
    }

    /** Continues the connection inside TLS, as PostgreSQL does after answering an SSLRequest with 'S'. */
    private void startTls(TlsIdentity identity) {
        try {
            SSLSocket secured = (SSLSocket) identity.context().getSocketFactory().createSocket(socket, null, socket.getPort(), true);
            secured.setUseClientMode(false);
            secured.startHandshake();
            socket = secured;
            stream = new MessageStream(secured.getInputStream(), secured.getOutputStream(), MAX_STARTUP_PACKET_LENGTH);
        } catch (IOException e) {
            throw new UncheckedIOException("TLS handshake failed: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> startupParameters(PayloadReader reader) {
        Map<String, String> parameters = new LinkedHashMap<>();
        while (reader.remaining() > 1) {
            String name = reader.readCString();
            parameters.put(name, reader.readCString());
        }
        return parameters;
    }

    private void openSession(Map<String, String> startup) {
        String user = startup.remove("user");
        if (user == null || user.isEmpty()) {
            throw TimeshardException.of(ErrorCode.PROTOCOL_VIOLATION, "no PostgreSQL user name specified in startup packet");
        }
        String database = startup.remove("database");
        database = database == null || database.isEmpty() ? user : database;
        Credential credential = authentication.authenticate(this, database, user, socket.getInetAddress(), socket instanceof SSLSocket);
        session = sessions.open(this, user, database, credential, startup);
        key = server.register(this);
        stream.setMaxMessageLength(MAX_MESSAGE_LENGTH);
        send(BackendMessages.authenticationOk());
        session.parameters().forEach((name, value) -> send(BackendMessages.parameterStatus(name, value)));
        send(BackendMessages.backendKeyData(key.processId(), key.secret()));
        send(BackendMessages.readyForQuery(TransactionStatus.IDLE));
        flush();
        state = State.READY;
    }

    private void serve() throws SocketException {
        while (true) {
            socket.setSoTimeout(session.idleTimeoutMillis());
            PgMessage message;
            try {
                message = stream.read();
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof SocketTimeoutException) {
                    fatal(TimeshardException.fromPostgres("25P03", "terminating connection due to idle-in-transaction timeout",
                            null, null, null));
                    return;
                }
                throw e;
            }
            if (message == null || !session.handle(message)) {
                return;
            }
        }
    }

    private void fatal(TimeshardException error) {
        if (error.code().category() == ErrorCode.Category.INTERNAL) {
            LOG.error("fatal error on a client connection", error);
        }
        try {
            stream.write(BackendMessages.fatal(error));
            stream.flush();
        } catch (RuntimeException ignored) {
            // the client may be gone already
        }
    }

    void cancel() {
        Session current = session;
        if (current != null) {
            try {
                current.cancel();
            } catch (RuntimeException e) {
                LOG.warn("cancel failed: {}", e.getMessage());
            }
        }
    }

    void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (key != null) {
            server.unregister(key);
        }
        if (session != null) {
            session.close();
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    @Override
    public PgMessage read() {
        return stream.read();
    }

    @Override
    public void send(PgMessage message) {
        stream.write(message);
    }

    @Override
    public void flush() {
        stream.flush();
    }
}
