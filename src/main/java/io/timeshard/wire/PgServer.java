package io.timeshard.wire;

import io.timeshard.session.ClientAuthentication;
import io.timeshard.session.RoleSecrets;
import io.timeshard.session.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Accepts PostgreSQL clients; each connection runs on its own virtual thread. */
public final class PgServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PgServer.class);

    private final SessionFactory sessions;
    private final ClientAuthentication authentication;
    private final Optional<TlsIdentity> tls;
    private final ServerSocket serverSocket;
    private final Map<Long, ClientConnection> connectionsByKey = new ConcurrentHashMap<>();
    private final AtomicInteger nextProcessId = new AtomicInteger(1);
    private final SecureRandom random = new SecureRandom();
    private final Thread acceptor;

    private PgServer(SessionFactory sessions, ClientAuthentication authentication, Optional<TlsIdentity> tls, ServerSocket serverSocket) {
        this.sessions = sessions;
        this.authentication = authentication;
        this.tls = tls;
        this.serverSocket = serverSocket;
        this.acceptor = Thread.ofPlatform().name("timeshard-acceptor").daemon(false).unstarted(this::acceptLoop);
    }

    /** {@code secrets}: the roles' passwords, for the methods that check them. */
    public static PgServer start(SessionFactory sessions, ServerOptions options, RoleSecrets secrets) {
        try {
            InetAddress address = InetAddress.getByName(options.listenAddress());
            options.rules().requirePasswordsOn(address);
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, options.port()), 512);
            PgServer server = new PgServer(sessions, new ClientAuthentication(options.rules(), secrets), options.tls(), socket);
            server.acceptor.start();
            LOG.info("timeshard access node listening on {}:{}", options.listenAddress(), server.port());
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + options.listenAddress() + ":" + options.port() + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket socket = serverSocket.accept();
                socket.setTcpNoDelay(true);
                ClientConnection connection = new ClientConnection(this, sessions, authentication, tls, socket);
                Thread.ofVirtual().name("client-" + socket.getRemoteSocketAddress()).start(connection::run);
            } catch (IOException e) {
                if (!serverSocket.isClosed()) {
                    LOG.warn("accept failed: {}", e.getMessage());
                }
            }
        }
    }

    /** Gives a new connection its BackendKeyData and registers it for cancel requests. */
    BackendKey register(ClientConnection connection) {
        BackendKey key = new BackendKey(nextProcessId.getAndIncrement(), random.nextInt());
        connectionsByKey.put(key.asLong(), connection);
        return key;
    }

    void unregister(BackendKey key) {
        connectionsByKey.remove(key.asLong());
    }

    void cancel(BackendKey key) {
        ClientConnection connection = connectionsByKey.get(key.asLong());
        if (connection != null) {
            connection.cancel();
        }
    }

    @Override
    public void close() {
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        connectionsByKey.values().forEach(ClientConnection::close);
    }

    /** The process id and secret a client quotes to cancel its running statement. */
    record BackendKey(int processId, int secret) {
        long asLong() {
            return ((long) processId << 32) | (secret & 0xffffffffL);
        }
    }
}
