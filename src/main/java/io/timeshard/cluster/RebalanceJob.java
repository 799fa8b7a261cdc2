package io.timeshard.cluster;

import io.timeshard.catalog.Chunk;
import io.timeshard.catalog.ChunkCopyOperations.Operation;
import io.timeshard.cluster.Rebalancer.Move;
import io.timeshard.cluster.Rebalancer.Status;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** A rebalance job: its moves run by {@code parallelism} workers, one move each at a time, until done or stopped. */
final class RebalanceJob {
    private static final Logger LOG = LoggerFactory.getLogger(RebalanceJob.class);

    private final long id;
    private final int total;
    private final int parallelism;
    private final ConcurrentLinkedQueue<Move> pending;
    private final ChunkMoves moves;
    private final ClusterServices services;
    private final Instant started = Instant.now();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    /** The running moves by operation id. */
    private final Map<String, Move> running = new ConcurrentHashMap<>();
    private final CountDownLatch workers;
    private final AtomicInteger sequence = new AtomicInteger();
    private volatile boolean stopped;
    private volatile String lastError;
    private volatile Instant finished;

    RebalanceJob(long id, List<Move> moves, int parallelism, ChunkMoves chunkMoves, ClusterServices services) {
        this.id = id;
        this.total = moves.size();
        this.parallelism = Math.min(parallelism, Math.max(1, moves.size()));
        this.pending = new ConcurrentLinkedQueue<>(moves);
        this.moves = chunkMoves;
        this.services = services;
        this.workers = new CountDownLatch(this.parallelism);
    }

    long id() {
        return id;
    }

    void start() {
        for (int i = 0; i < parallelism; i++) {
            Thread.ofPlatform().daemon(true).name("rebalance-" + id + "-" + i).start(this::work);
        }
    }

    private void work() {
        try {
            Move move;
            while (!stopped && (move = pending.poll()) != null) {
                run(move);
            }
        } finally {
            workers.countDown();
            if (workers.getCount() == 0) {
                finished = Instant.now();
                LOG.info("rebalance job {} {}: {} of {} moves done, {} failed", id, stopped ? "stopped" : "finished", done.get(), total,
                        failed.get());
            }
        }
    }

    private void run(Move move) {
        // The chunk as it is now: a repair or another move may have changed its replicas since the plan.
        Optional<Chunk> chunk = services.chunks().chunks(move.hypertable().id()).stream()
                .filter(current -> current.id() == move.chunk().id()).findFirst();
        if (chunk.isEmpty() || !chunk.get().replicas().contains(move.source()) || chunk.get().allReplicas().contains(move.destination())) {
            done.incrementAndGet(); // nothing left to do for this one
            return;
        }
        String operation = "ts_rebalance_" + id + "_" + sequence.incrementAndGet() + "_" + move.chunk().id();
        running.put(operation, move);
        try {
            moves.copy(move.hypertable(), chunk.get(), services.catalog().requireDataNode(move.source()),
                    services.catalog().requireDataNode(move.destination()), true, Optional.of(operation));
            done.incrementAndGet();
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            lastError = move.chunk().tableName() + " " + move.source() + " -> " + move.destination() + ": " + e.getMessage();
            LOG.warn("rebalance job {}: moving {} failed", id, lastError);
        } finally {
            running.remove(operation);
        }
    }

    void stop() {
        stopped = true;
    }

    boolean finished() {
        return finished != null;
    }

    void await() {
        try {
            workers.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TimeshardException.of(ErrorCode.QUERY_CANCELED, "interrupted while waiting for the rebalance job", e);
        }
        if (failed.get() > 0) {
            throw TimeshardException.of(ErrorCode.OBJECT_NOT_IN_PREREQUISITE_STATE, "rebalance job " + id + ": " + failed.get() + " of "
                    + total + " moves failed; the last: " + lastError);
        }
    }

    /** How much of the chunk's table the destination holds so far, by size: cheap enough to ask while it copies. */
    private String copied(Move move) {
        String size = "SELECT coalesce(pg_relation_size(to_regclass('" + ChunkTables.qualified(move.chunk()).replace("'", "''") + "')), 0)";
        try {
            long source = relationSize(move.source(), size);
            long destination = relationSize(move.destination(), size);
            return source == 0 ? "" : String.format(" (%d%%)", Math.min(100, 100 * destination / source));
        } catch (RuntimeException e) {
            return "";
        }
    }

    private long relationSize(String node, String sql) {
        try (Connection connection = services.connections().open(node); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw RemoteErrors.from(node, e);
        }
    }

    Status status() {
        String state = finished != null ? (stopped ? "stopped" : failed.get() > 0 ? "failed" : "finished") : stopped ? "stopping" : "running";
        List<String> progress = new ArrayList<>();
        progress.add(total == 0 ? "100%" : (100 * done.get() / total) + "%");
        running.forEach((operation, move) -> progress.add(move.chunk().tableName() + " " + move.source() + " -> " + move.destination()
                + " at " + services.chunkCopies().find(operation).map(Operation::completedStage).orElse("init") + copied(move)));
        return new Status(id, state, total, done.get(), failed.get(), progress.stream().collect(Collectors.joining("; ")), started,
                Optional.ofNullable(finished), Optional.ofNullable(lastError));
    }
}
