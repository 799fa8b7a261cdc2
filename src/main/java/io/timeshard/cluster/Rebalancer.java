package io.timeshard.cluster;

import io.timeshard.catalog.Chunk;
import io.timeshard.catalog.Hypertable;
import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Spreads chunk replicas evenly over each hypertable's available data nodes, or off one node:
 * plans moves (never two replicas of a chunk on one node) and runs them as a background job, each
 * a {@link ChunkMoves} move, at most {@code parallelism} at once. One job per access node at a time.
 */
public final class Rebalancer {
    private static final Logger LOG = LoggerFactory.getLogger(Rebalancer.class);

    /** What "equal" means: as many chunks on every node, or as many bytes. */
    public enum Strategy {
        BY_SHARD_COUNT, BY_DISK_SIZE;

        public static Strategy named(String name) {
            for (Strategy strategy : values()) {
                if (strategy.name().equalsIgnoreCase(name)) {
                    return strategy;
                }
            }
            throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE, "unknown rebalance strategy \"" + name
                    + "\": use by_shard_count or by_disk_size");
        }
    }

    /** One planned move of a chunk replica. */
    public record Move(Hypertable hypertable, Chunk chunk, String source, String destination, long bytes) {}

    /** A job's state, for rebalance_status(). */
    public record Status(long jobId, String state, int total, int done, int failed, String progress, Instant started,
                         Optional<Instant> finished, Optional<String> lastError) {}

    private final ClusterServices services;
    private RebalanceJob job;
    private long jobs;

    public Rebalancer(ClusterServices services) {
        this.services = services;
    }

    /** The moves that even out the hypertable's (or every hypertable's) chunks over its available nodes. */
    public List<Move> plan(Optional<Hypertable> only, Strategy strategy) {
        List<Move> moves = new ArrayList<>();
        for (Hypertable hypertable : only.map(List::of).orElseGet(() -> services.registry().all())) {
            List<String> nodes = hypertable.dataNodes().stream().filter(services.health()::isAvailable).toList();
            if (nodes.size() < 2) {
                continue;
            }
            List<Chunk> chunks = services.hypertables().chunks(hypertable.id());
            Map<String, Long> sizes = strategy == Strategy.BY_DISK_SIZE ? chunkSizes(nodes) : Map.of();
            moves.addAll(new Plan(hypertable, nodes, chunks, strategy, sizes).moves());
        }
        return moves;
    }

    /** The moves that take every fresh replica off {@code node}, each to the least loaded other node of its hypertable. */
    public List<Move> drainPlan(String node) {
        List<Move> moves = new ArrayList<>();
        for (Hypertable hypertable : services.registry().all()) {
            List<Chunk> chunks = services.hypertables().chunks(hypertable.id());
            Map<String, Integer> load = new HashMap<>();
            List<String> targets = hypertable.dataNodes().stream().filter(other -> !other.equals(node) && services.health().isAvailable(other))
                    .toList();
            targets.forEach(target -> load.put(target, (int) chunks.stream().filter(chunk -> chunk.allReplicas().contains(target)).count()));
            for (Chunk chunk : chunks) {
                if (!chunk.replicas().contains(node)) {
                    continue;
                }
                Optional<String> target = targets.stream().filter(other -> !chunk.allReplicas().contains(other))
                        .min(Comparator.comparingInt(load::get));
                if (target.isEmpty()) {
                    throw TimeshardException.of(ErrorCode.OBJECT_NOT_IN_PREREQUISITE_STATE, "chunk \"" + chunk.tableName()
                            + "\" has no available data node to move to from \"" + node + "\"");
                }
                load.merge(target.get(), 1, Integer::sum);
                moves.add(new Move(hypertable, chunk, node, target.get(), 0));
            }
        }
        return moves;
    }

    /** Starts a job running {@code moves}; returns its id. Refused while another job of this access node runs. */
    public synchronized long start(List<Move> moves, int parallelism) {
        if (job != null && !job.finished()) {
            throw TimeshardException.of(ErrorCode.OBJECT_IN_USE, "a rebalance job is running already (job " + job.id() + ")")
                    .withHint("Wait for it with rebalance_wait() or stop it with rebalance_stop().");
        }
        if (parallelism < 1) {
            throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE, "max_parallel_moves must be at least 1");
        }
        job = new RebalanceJob(++jobs, moves, parallelism, services.chunkMoves(), services);
        job.start();
        LOG.info("rebalance job {} started: {} moves", job.id(), moves.size());
        return job.id();
    }

    public synchronized Optional<Status> status() {
        return Optional.ofNullable(job).map(RebalanceJob::status);
    }

    public synchronized void stop() {
        if (job != null) {
            job.stop();
        }
    }

    /** Waits for the job to end; fails naming the first move that failed. */
    public void await() {
        RebalanceJob running;
        synchronized (this) {
            running = job;
        }
        if (running != null) {
            running.await();
        }
    }

    /** Each chunk table's size on the nodes, by "node/table". */
    private Map<String, Long> chunkSizes(List<String> nodes) {
        Map<String, Long> sizes = new HashMap<>();
        for (String node : nodes) {
            try (Connection connection = services.connections().open(node); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c"
                         + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '_timeshard_internal' AND c.relkind = 'r'")) {
                while (rows.next()) {
                    sizes.put(node + "/" + rows.getString(1), rows.getLong(2));
                }
            } catch (SQLException e) {
                throw RemoteErrors.from(node, e);
            }
        }
        return sizes;
    }

    /** One hypertable's moves: from the most loaded node to the least loaded, while that narrows the gap. */
    private record Plan(Hypertable hypertable, List<String> nodes, List<Chunk> chunks, Strategy strategy, Map<String, Long> sizes) {
        List<Move> moves() {
            Map<Integer, Set<String>> placed = new HashMap<>();
            chunks.forEach(chunk -> placed.put(chunk.id(), new HashSet<>(chunk.allReplicas())));
            Map<String, Long> load = new HashMap<>();
            nodes.forEach(node -> load.put(node, 0L));
            for (Chunk chunk : chunks) {
                for (String node : chunk.allReplicas()) {
                    load.computeIfPresent(node, (name, total) -> total + weight(chunk, node));
                }
            }
            Set<Integer> moved = new HashSet<>();
            List<Move> moves = new ArrayList<>();
            while (true) {
                String most = nodes.stream().max(Comparator.comparingLong(load::get)).orElseThrow();
                String least = nodes.stream().min(Comparator.comparingLong(load::get)).orElseThrow();
                long gap = load.get(most) - load.get(least);
                Optional<Chunk> candidate = chunks.stream()
                        .filter(chunk -> !moved.contains(chunk.id()) && chunk.replicas().contains(most) && !placed.get(chunk.id()).contains(least))
                        .filter(chunk -> weight(chunk, most) < gap)
                        .min(Comparator.comparingLong(chunk -> Math.abs(gap / 2 - weight(chunk, most))));
                if (candidate.isEmpty() || strategy == Strategy.BY_SHARD_COUNT && gap <= 1) {
                    return moves;
                }
                Chunk chunk = candidate.get();
                long weight = weight(chunk, most);
                moves.add(new Move(hypertable, chunk, most, least, sizes.getOrDefault(most + "/" + chunk.tableName(), 0L)));
                moved.add(chunk.id());
                placed.get(chunk.id()).remove(most);
                placed.get(chunk.id()).add(least);
                load.merge(most, -weight, Long::sum);
                load.merge(least, weight, Long::sum);
            }
        }

        private long weight(Chunk chunk, String node) {
            return strategy == Strategy.BY_SHARD_COUNT ? 1 : Math.max(1, sizes.getOrDefault(node + "/" + chunk.tableName(), 0L));
        }
    }
}
