package io.timeshard.home;

import io.timeshard.cluster.ClusterServices;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Keeps this access node's caches in step with catalog changes made by any access node: the
 * catalog tables' triggers NOTIFY on every change, and this listener reloads on each notice.
 * Runs on a thread of its own; reconnects when the home database goes away.
 */
public final class CatalogListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogListener.class);
    private static final String CHANNEL = "timeshard_catalog";
    private static final String PRIVILEGE_CHANNEL = "timeshard_privileges";
    /** The roles and memberships, whose changes fire no event trigger: read each round, at most a second apart. */
    private static final String ROLES = "SELECT md5(coalesce((SELECT string_agg((r.oid, r.rolsuper, r.rolinherit, r.rolbypassrls)::text, ','"
            + " ORDER BY r.oid) FROM pg_catalog.pg_roles r), '') || coalesce((SELECT string_agg(m::text, ',' ORDER BY m::text)"
            + " FROM pg_catalog.pg_auth_members m), ''))";

    private final HomeEndpoint home;
    private final ClusterServices services;
    private final Thread thread;
    private volatile boolean running = true;

    private CatalogListener(HomeEndpoint home, ClusterServices services) {
        this.home = home;
        this.services = services;
        this.thread = Thread.ofPlatform().daemon(true).name("catalog-listener").unstarted(this::listen);
    }

    public static CatalogListener start(HomeEndpoint home, ClusterServices services) {
        CatalogListener listener = new CatalogListener(home, services);
        listener.thread.start();
        return listener;
    }

    private void listen() {
        while (running) {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + CHANNEL);
                statement.execute("LISTEN " + PRIVILEGE_CHANNEL);
                services.reload(); // changes made while we were not listening
                services.privilegeEpoch().listening(true);
                PGConnection notifications = connection.unwrap(PGConnection.class);
                String roles = roles(statement);
                while (running) {
                    PGNotification[] received = notifications.getNotifications(1_000);
                    List<String> catalogChanges = new ArrayList<>();
                    for (PGNotification notification : received == null ? new PGNotification[0] : received) {
                        if (notification.getName().equals(PRIVILEGE_CHANNEL)) {
                            services.privilegeEpoch().advance();
                        } else {
                            catalogChanges.add(notification.getParameter());
                        }
                    }
                    if (!catalogChanges.isEmpty()) {
                        newChunksOnly(catalogChanges).ifPresentOrElse(services::chunksAdded, services::reload);
                    }
                    String now = roles(statement);
                    if (!now.equals(roles)) {
                        services.privilegeEpoch().advance();
                        roles = now;
                    }
                }
            } catch (SQLException | RuntimeException e) {
                services.privilegeEpoch().listening(false);
                if (running) {
                    LOG.debug("catalog listener lost its connection: {}", e.getMessage());
                    sleep();
                }
            }
        }
    }

    /**
     * The ids of the new chunks when the notices announce nothing else: chunk rows and the replica
     * rows of those very chunks inserted; empty when anything else changed.
     */
    static Optional<Set<Integer>> newChunksOnly(List<String> notices) {
        Set<Integer> chunks = new HashSet<>();
        Set<Integer> replicasOf = new HashSet<>();
        for (String notice : notices) {
            String[] parts = notice.split(" ");
            if (parts.length != 3 || !parts[1].equals("INSERT") || !parts[0].equals("chunk") && !parts[0].equals("chunk_replica")) {
                return Optional.empty();
            }
            for (String id : parts[2].split(",")) {
                (parts[0].equals("chunk") ? chunks : replicasOf).add(Integer.valueOf(id));
            }
        }
        return chunks.containsAll(replicasOf) ? Optional.of(chunks) : Optional.empty();
    }

    private static String roles(Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery(ROLES)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", home.user());
        home.password().ifPresent(password -> properties.setProperty("password", password));
        properties.setProperty("ApplicationName", "timeshard catalog listener");
        return DriverManager.getConnection(home.jdbcUrl(), properties);
    }

    private static void sleep() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
