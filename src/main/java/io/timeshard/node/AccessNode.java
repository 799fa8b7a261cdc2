package io.timeshard.node;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.timeshard.catalog.Catalog;
import io.timeshard.catalog.CatalogMigrations;
import io.timeshard.catalog.ReplicaCatalog;
import io.timeshard.cluster.ClusterServices;
import io.timeshard.cluster.DataNodeAdministration;
import io.timeshard.cluster.DataNodeConnections;
import io.timeshard.cluster.NodeHealth;
import io.timeshard.cluster.ReplicaRepair;
import io.timeshard.cluster.ForeignChunks;
import io.timeshard.home.CatalogListener;
import io.timeshard.home.HomeEndpoint;
import io.timeshard.session.RoleSecrets;
import io.timeshard.session.SessionFactory;
import io.timeshard.txn.PreparedTransactionResolver;
import io.timeshard.wire.PgServer;
import io.timeshard.wire.ServerOptions;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The access node assembled: catalog, data node connections, sessions and the wire server. */
public final class AccessNode implements AutoCloseable {
    private final HikariDataSource homePool;
    private final HikariDataSource replicaPool;
    private static final long RESOLVER_PERIOD_SECONDS = 30;
    private static final int HOME_CONNECTIONS = 16;
    private static final int REPLICA_BOOKKEEPING_CONNECTIONS = 4;

    private final DataNodeConnections dataNodes;
    private final PreparedTransactionResolver resolver;
    private final ReplicaRepair repair;
    private final CatalogListener listener;
    private final PgServer server;

    private AccessNode(HikariDataSource homePool, HikariDataSource replicaPool, DataNodeConnections dataNodes, PreparedTransactionResolver resolver,
                       ReplicaRepair repair, CatalogListener listener, PgServer server) {
        this.homePool = homePool;
        this.replicaPool = replicaPool;
        this.dataNodes = dataNodes;
        this.resolver = resolver;
        this.repair = repair;
        this.listener = listener;
        this.server = server;
    }

    public static AccessNode start(HomeEndpoint home, String listenAddress, int port) {
        return start(home, ServerOptions.of(listenAddress, port));
    }

    public static AccessNode start(HomeEndpoint home, ServerOptions options) {
        HikariDataSource homePool = homePool(home, "home", HOME_CONNECTIONS);
        // Replica bookkeeping in the middle of a commit must not wait for the pool the commit decisions hold.
        HikariDataSource replicaPool = homePool(home, "home-replicas", REPLICA_BOOKKEEPING_CONNECTIONS);
        Catalog catalog = new Catalog(homePool);
        NodeHealth health = new NodeHealth(catalog);
        DataNodeConnections dataNodes = new DataNodeConnections(catalog::requireDataNode, health);
        try {
            CatalogMigrations.migrate(homePool);
            health.start();
            ForeignChunks foreignChunks = new ForeignChunks(homePool, new ForeignChunks.Loopback(home.host(), home.port(), home.database(),
                    home.user(), home.password()));
            ReplicaCatalog replicas = new ReplicaCatalog(replicaPool);
            DataNodeAdministration administration = new DataNodeAdministration(catalog, dataNodes,
                    new DataNodeAdministration.HomeDefaults(home.port(), home.database(), serverEncoding(homePool)), foreignChunks,
                    replicas);
            ClusterServices services = new ClusterServices(homePool, catalog, replicas, dataNodes, administration, foreignChunks);
            if (foreignChunks.prepare(catalog.dataNodes())) {
                services.attachForeignChunks();
            }
            Thread.ofVirtual().name("refresh-query-functions").start(administration::refreshQueryFunctions);
            PreparedTransactionResolver resolver = new PreparedTransactionResolver(homePool, catalog, dataNodes);
            resolver.start(RESOLVER_PERIOD_SECONDS);
            ReplicaRepair repair = new ReplicaRepair(services);
            health.onChange(node -> {
                if (health.isAvailable(node)) {
                    // A node that is back: its in-doubt transactions first, then its stale replicas.
                    Thread.ofVirtual().name("returning-" + node).start(() -> {
                        resolver.resolve();
                        repair.kick();
                    });
                }
            });
            repair.start();
            services.privilegeEpoch().enable(CatalogMigrations.installPrivilegeNotices(homePool));
            CatalogListener listener = CatalogListener.start(home, services);
            PgServer server = PgServer.start(new SessionFactory(home, services), options, new RoleSecrets(homePool));
            return new AccessNode(homePool, replicaPool, dataNodes, resolver, repair, listener, server);
        } catch (RuntimeException e) {
            health.close();
            dataNodes.close();
            homePool.close();
            replicaPool.close();
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    /**
     * Closes the idle pooled connections to every data node, so that none opened before a node
     * restarted is handed out again (the pools notice a broken connection only when it fails).
     */
    public void dropIdleDataNodeConnections() {
        dataNodes.dropAllIdle();
    }

    /** Runs a round of replica repair now rather than in the background; returns how many replicas it copied. */
    public int repairReplicas() {
        return repair.repair();
    }

    /** Finishes in-doubt two-phase commits now rather than at the resolver's next round; returns how many. */
    public int resolvePreparedTransactions() {
        return resolver.resolve();
    }

    private static HikariDataSource homePool(HomeEndpoint home, String name, int connections) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(home.jdbcUrl());
        config.setUsername(home.user());
        home.password().ifPresent(config::setPassword);
        config.setMaximumPoolSize(connections);
        config.setMinimumIdle(1);
        config.addDataSourceProperty("ApplicationName", "timeshard");
        return new HikariDataSource(config);
    }

    private static String serverEncoding(HikariDataSource homePool) {
        try (Connection connection = homePool.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW server_encoding")) {
            rows.next();
            return rows.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the home database's encoding: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        server.close();
        listener.close();
        repair.close();
        resolver.close();
        dataNodes.health().close();
        dataNodes.close();
        homePool.close();
        replicaPool.close();
    }
}
