package io.timeshard.cluster;

import io.timeshard.catalog.Catalog;
import io.timeshard.catalog.DataNode;
import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Which data nodes answer. A monitor checks every node ({@link NodeProbe}: connect and a trivial
 * query, short timeouts) every {@link #PERIOD}, and at once when a statement reports a broken
 * connection ({@link #suspect}); {@link #FAILURES_TO_MARK} failed checks in a row mark the node
 * unavailable in the catalog, one that passes marks it available again, unless an operator forced
 * its state with alter_data_node. Every access node sharing the home database learns the state
 * through the catalog ({@link #reload}). Listeners hear of every change, whoever made it.
 */
public final class NodeHealth implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeHealth.class);
    static final Duration PERIOD = Duration.ofMillis(500);
    /** After a failed check the next comes sooner: a dead node is marked within a fraction of a second. */
    private static final Duration RECHECK = Duration.ofMillis(100);
    static final int FAILURES_TO_MARK = 2;

    private final Catalog catalog;
    private final Map<String, DataNode> nodes = new ConcurrentHashMap<>();
    private final Map<String, NodeProbe> probes = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final Map<String, String> lastErrors = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final Object wake = new Object();
    private boolean woken;
    /** Check rounds finished, under {@code wake}'s lock. */
    private long rounds;
    private volatile boolean running;
    private Thread monitor;

    public NodeHealth(Catalog catalog) {
        this.catalog = catalog;
    }

    /** Calls {@code listener} with a node's name whenever its availability changes. */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** True unless the node is known to be unavailable (a node not read yet counts as available). */
    public boolean isAvailable(String nodeName) {
        DataNode node = nodes.get(nodeName);
        return node == null || node.available();
    }

    /** Fails at once, naming the node and what went wrong with it, when the node is unavailable. */
    public void requireAvailable(String nodeName) {
        if (!isAvailable(nodeName)) {
            throw unavailable(nodeName);
        }
    }

    public TimeshardException unavailable(String nodeName) {
        DataNode node = nodes.get(nodeName);
        String reason = Optional.ofNullable(lastErrors.get(nodeName)).map(error -> ": " + error)
                .orElse(node != null && node.availabilityForced() ? " (set by alter_data_node)" : "");
        return TimeshardException.of(ErrorCode.CONNECTION_FAILURE, "data node \"" + nodeName + "\" is unavailable" + reason);
    }

    /** A statement lost its connection to {@code nodeName}: check the nodes now rather than at the next round. */
    public void suspect(String nodeName) {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    /**
     * Has every node checked now and waits, at most {@code timeout}, for the verdict: a statement
     * that lost a node learns whether to read elsewhere.
     */
    public void recheck(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (wake) {
            long wanted = rounds + 2; // the round running now may have started before the failure
            woken = true;
            wake.notifyAll();
            while (running && rounds < wanted && System.nanoTime() < deadline) {
                try {
                    wake.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Reads every node's state from the catalog (another access node, or an operator, may have changed it). */
    public void reload() {
        List<DataNode> current = catalog.dataNodes();
        nodes.keySet().retainAll(current.stream().map(DataNode::name).toList());
        for (DataNode node : current) {
            DataNode before = nodes.put(node.name(), node);
            if (before != null && before.available() != node.available()) {
                changed(node);
            }
        }
    }

    /** Checks every node once (the catalog may say a node is down that came back while no access node ran), then keeps checking. */
    public synchronized void start() {
        reload();
        running = true;
        checkAll();
        monitor = Thread.ofPlatform().daemon(true).name("node-health").start(this::monitor);
    }

    private void monitor() {
        boolean failing = false;
        while (running) {
            await(failing ? RECHECK : PERIOD);
            failing = !checkAll();
        }
    }

    /** One round, every node at once (a frozen node takes the probe's whole timeout); false when one failed. */
    private boolean checkAll() {
        List<Future<Boolean>> checks = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (DataNode node : List.copyOf(nodes.values())) {
                checks.add(executor.submit(() -> checkQuietly(node)));
            }
        }
        synchronized (wake) {
            rounds++;
            wake.notifyAll();
        }
        return checks.stream().allMatch(Future::resultNow);
    }

    private boolean checkQuietly(DataNode node) {
        try {
            return check(node);
        } catch (RuntimeException e) {
            LOG.warn("the health check of data node {} failed: {}", node.name(), e.getMessage());
            return false;
        }
    }

    private boolean check(DataNode node) {
        NodeProbe probe = probes.computeIfAbsent(node.name(), name -> new NodeProbe());
        Optional<String> error = probe.check(node);
        if (error.isEmpty()) {
            failures.remove(node.name());
            lastErrors.remove(node.name());
            if (!node.available()) {
                record(node, true, Optional.empty());
            }
            return true;
        }
        lastErrors.put(node.name(), error.get());
        if (failures.merge(node.name(), 1, Integer::sum) >= FAILURES_TO_MARK && node.available()) {
            LOG.warn("data node {} failed {} health checks: {}", node.name(), FAILURES_TO_MARK, error.get());
            record(node, false, error);
        }
        return false;
    }

    private void record(DataNode node, boolean available, Optional<String> error) {
        if (!running) {
            return; // shutting down: the nodes may be stopping too
        }
        try {
            if (catalog.recordHealth(node.name(), available, error)) {
                LOG.info("data node {} is {}", node.name(), available ? "available again" : "unavailable");
            }
            reload();
        } catch (RuntimeException e) {
            LOG.warn("could not record the health of data node {}: {}", node.name(), e.getMessage());
        }
    }

    private void changed(DataNode node) {
        for (Consumer<String> listener : listeners) {
            try {
                listener.accept(node.name());
            } catch (RuntimeException e) {
                LOG.warn("reacting to data node {} becoming {} failed: {}", node.name(), node.available() ? "available" : "unavailable",
                        e.getMessage());
            }
        }
    }

    private void await(Duration timeout) {
        synchronized (wake) {
            if (!woken) {
                try {
                    wake.wait(timeout.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            woken = false;
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        if (monitor != null) {
            monitor.interrupt();
        }
        probes.values().forEach(NodeProbe::close);
    }
}
