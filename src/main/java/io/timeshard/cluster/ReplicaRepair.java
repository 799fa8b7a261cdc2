package io.timeshard.cluster;

import io.timeshard.catalog.Chunk;
import io.timeshard.catalog.DataNode;
import io.timeshard.catalog.Hypertable;
import io.timeshard.catalog.ReplicaCatalog.NodeTable;
import io.timeshard.sql.SqlText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Brings every chunk back to its replication factor, in the background: a stale replica on a node
 * that is available again is copied afresh from a fresh one; a chunk with fewer replicas than
 * desired (created while nodes were down, or whose node was deleted or stayed away longer than
 * {@code timeshard.rereplicate_after}, default 10 minutes) gets a new replica on another node, the
 * one on the long-gone node given up. Chunk tables dropped while their node was down are dropped
 * there once it is back. One chunk at a time: writes to other chunks go on.
 */
public final class ReplicaRepair implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaRepair.class);
    private static final Duration PERIOD = Duration.ofSeconds(2);
    /** The home database's own setting, so that every access node uses the same: ALTER DATABASE ... SET timeshard.rereplicate_after. */
    private static final String GRACE_QUERY = "SELECT extract(epoch FROM coalesce((SELECT substr(c, length('timeshard.rereplicate_after=') + 1)"
            + " FROM pg_db_role_setting s, unnest(s.setconfig) c WHERE s.setrole = 0"
            + " AND s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())"
            + " AND c LIKE 'timeshard.rereplicate_after=%'), '10 min')::interval)";

    private final ClusterServices services;
    private final ChunkCopy copies;
    private final Object wake = new Object();
    private boolean woken;
    private volatile boolean running;
    private volatile Thread worker;

    public ReplicaRepair(ClusterServices services) {
        this.services = services;
        this.copies = new ChunkCopy(services.homePool(), services.connections(), services.replicas());
    }

    public synchronized void start() {
        running = true;
        worker = Thread.ofPlatform().daemon(true).name("replica-repair").start(this::loop);
    }

    /** Asks for a round now (a node came back). */
    public void kick() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    private void loop() {
        while (running) {
            synchronized (wake) {
                if (!woken) {
                    try {
                        wake.wait(PERIOD.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                woken = false;
            }
            try {
                repair();
            } catch (RuntimeException e) {
                LOG.warn("replica repair round failed: {}", e.getMessage());
            }
        }
    }

    /** One round; returns how many replicas it copied. Safe to call from any thread, and from several access nodes at once. */
    public synchronized int repair() {
        Map<String, DataNode> nodes = new HashMap<>();
        services.catalog().dataNodes().forEach(node -> nodes.put(node.name(), node));
        Duration grace = grace();
        dropPendingTables(nodes);
        int copied = 0;
        for (Hypertable hypertable : services.registry().all()) {
            for (Chunk chunk : services.hypertables().chunks(hypertable.id())) {
                try {
                    copied += repair(hypertable, chunk, nodes, grace);
                } catch (RuntimeException e) {
                    LOG.warn("could not repair chunk {}: {}", chunk.tableName(), e.getMessage());
                }
            }
        }
        if (copied > 0) {
            services.chunks().invalidateAll();
        }
        return copied;
    }

    private int repair(Hypertable hypertable, Chunk chunk, Map<String, DataNode> nodes, Duration grace) {
        Optional<String> source = chunk.replicas().stream().filter(node -> up(nodes, node)).findFirst();
        if (source.isEmpty()) {
            return 0; // no fresh replica answers: nothing to copy from
        }
        int copied = 0;
        for (String stale : chunk.staleReplicas()) {
            if (up(nodes, stale) && copies.copy(hypertable, chunk, source.get(), stale, Optional.empty())) {
                LOG.info("repaired the replica of chunk {} on data node {} from {}", chunk.tableName(), stale, source.get());
                copied++;
            }
        }
        List<String> gone = chunk.allReplicas().stream().filter(node -> goneFor(nodes, node, grace)).toList();
        long counted = chunk.allReplicas().size() - gone.size();
        if (counted >= chunk.desiredReplicas()) {
            return copied;
        }
        Optional<String> target = hypertable.dataNodes().stream()
                .filter(node -> up(nodes, node) && !chunk.allReplicas().contains(node))
                .min(Comparator.comparingLong(node -> services.catalog().chunkCount(node)));
        if (target.isPresent() && copies.copy(hypertable, chunk, source.get(), target.get(), gone.stream().findFirst())) {
            LOG.info("re-replicated chunk {} onto data node {}{}", chunk.tableName(), target.get(),
                    gone.isEmpty() ? "" : " in place of " + gone.get(0));
            copied++;
        }
        return copied;
    }

    private static boolean up(Map<String, DataNode> nodes, String name) {
        DataNode node = nodes.get(name);
        return node != null && node.available();
    }

    /** Deleted, or unavailable for longer than the grace period. */
    private static boolean goneFor(Map<String, DataNode> nodes, String name, Duration grace) {
        DataNode node = nodes.get(name);
        return node == null || !node.available() && node.stateSince().plus(grace).isBefore(Instant.now());
    }

    private void dropPendingTables(Map<String, DataNode> nodes) {
        for (NodeTable table : services.replicas().pendingDrops()) {
            if (!up(nodes, table.node())) {
                continue;
            }
            try (Connection connection = services.connections().open(table.node()); Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + SqlText.qualified(table.schemaName(), table.tableName()));
                services.replicas().forgetPendingDrop(table);
            } catch (SQLException | RuntimeException e) {
                LOG.warn("could not drop {}.{} on data node {}: {}", table.schemaName(), table.tableName(), table.node(), e.getMessage());
            }
        }
    }

    private Duration grace() {
        try (Connection connection = services.homePool().getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(GRACE_QUERY)) {
            rows.next();
            return Duration.ofMillis((long) (rows.getDouble(1) * 1000));
        } catch (SQLException e) {
            LOG.warn("could not read timeshard.rereplicate_after: {}", e.getMessage());
            return Duration.ofMinutes(10);
        }
    }

    @Override
    public void close() {
        running = false;
        if (worker != null) {
            worker.interrupt();
        }
    }
}
