package io.timeshard.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The clients of the failover scenario: writers inserting 10-row batches with unique ids as fast
 * as they can, readers running a count and an aggregate every {@link #READ_PAUSE_MILLIS}. Every
 * operation is counted in the second it ended, as succeeded or failed; the ids of acknowledged
 * batches are kept, to find lost rows afterwards.
 */
final class FailoverLoad {
    static final String TABLE = "failover_readings";
    static final int BATCH_ROWS = 10;
    static final String START = "2024-01-01 00:00:00+00";
    private static final int READ_PAUSE_MILLIS = 200;
    private static final int DEVICES = 50;

    /** Opens a connection to the access node. */
    @FunctionalInterface
    interface Connector {
        Connection connect() throws SQLException;
    }

    private final Connector connector;
    private final long startNanos = System.nanoTime();
    private final int seconds;
    private final AtomicLongArray writesOk;
    private final AtomicLongArray writesFailed;
    private final AtomicLongArray readsOk;
    private final AtomicLongArray readsFailed;
    private final AtomicLong nextId = new AtomicLong();
    private final Set<Long> acknowledgedBatches = ConcurrentHashMap.newKeySet();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final List<Thread> clients = new ArrayList<>();
    private volatile boolean running = true;

    FailoverLoad(Connector connector, int seconds) {
        this.connector = connector;
        this.seconds = seconds;
        this.writesOk = new AtomicLongArray(seconds + 1);
        this.writesFailed = new AtomicLongArray(seconds + 1);
        this.readsOk = new AtomicLongArray(seconds + 1);
        this.readsFailed = new AtomicLongArray(seconds + 1);
    }

    static String createTable(int replicationFactor) {
        return "CREATE TABLE " + TABLE + " (id bigint NOT NULL, time timestamptz NOT NULL, device int NOT NULL, value float8);"
                + " SELECT create_distributed_hypertable('" + TABLE + "', 'time', 'device', chunk_time_interval => interval '1 hour',"
                + " replication_factor => " + replicationFactor + ")";
    }

    void start(int writers, int readers) {
        for (int i = 0; i < writers; i++) {
            clients.add(Thread.ofPlatform().name("failover-writer-" + i).start(this::write));
        }
        for (int i = 0; i < readers; i++) {
            int reader = i;
            clients.add(Thread.ofPlatform().name("failover-reader-" + i).start(() -> read(reader)));
        }
    }

    void stop() throws InterruptedException {
        running = false;
        for (Thread client : clients) {
            client.join();
        }
    }

    /** Seconds since the load started. */
    double elapsed() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private void write() {
        Connection connection = null;
        while (running && elapsed() < seconds) {
            long first = nextId.getAndAdd(BATCH_ROWS);
            try {
                connection = open(connection);
                try (Statement statement = connection.createStatement()) {
                    statement.executeUpdate(insert(first));
                }
                acknowledgedBatches.add(first);
                writesOk.incrementAndGet(second());
            } catch (SQLException e) {
                failed(writesFailed, "write", e);
            }
        }
        close(connection);
    }

    /** Rows 100 ms apart in time, spread over the devices: the load fills a new hour's chunks every 3,600 rows. */
    private static String insert(long first) {
        StringBuilder sql = new StringBuilder("INSERT INTO " + TABLE + " VALUES ");
        for (long id = first; id < first + BATCH_ROWS; id++) {
            sql.append(id == first ? "" : ", ").append('(').append(id).append(", timestamptz '").append(START).append("' + ")
                    .append(id * 100).append(" * interval '1 millisecond', ").append(id % DEVICES).append(", ").append(id % 1000 / 4.0)
                    .append(')');
        }
        return sql.toString();
    }

    private void read(int reader) {
        Connection connection = null;
        long round = reader;
        while (running && elapsed() < seconds) {
            try {
                connection = open(connection);
                try (Statement statement = connection.createStatement()) {
                    statement.executeQuery(round++ % 2 == 0 ? "SELECT count(*) FROM " + TABLE
                            : "SELECT device, avg(value), max(time) FROM " + TABLE + " GROUP BY device").close();
                }
                readsOk.incrementAndGet(second());
            } catch (SQLException e) {
                failed(readsFailed, "read", e);
            }
            pause();
        }
        close(connection);
    }

    private Connection open(Connection connection) throws SQLException {
        return connection != null && !connection.isClosed() ? connection : connector.connect();
    }

    private void failed(AtomicLongArray counter, String kind, SQLException e) {
        int second = second();
        counter.incrementAndGet(second);
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("").replaceAll("ts_[0-9a-f_]+@", "ts_...@");
        failures.computeIfAbsent(kind + " at " + second + " s: " + message, key -> new LongAdder()).increment();
    }

    private int second() {
        return (int) Math.min(seconds, elapsed());
    }

    private static void pause() {
        try {
            Thread.sleep(READ_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void close(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the server may be the one that went away
            }
        }
    }

    /** Succeeded and failed writes and reads of one second. */
    record Second(int second, long writesOk, long writesFailed, long readsOk, long readsFailed) {}

    List<Second> seconds() {
        List<Second> all = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            all.add(new Second(i, writesOk.get(i), writesFailed.get(i), readsOk.get(i), readsFailed.get(i)));
        }
        return all;
    }

    Set<Long> acknowledgedBatches() {
        return acknowledgedBatches;
    }

    /** Each failure message with the second it came in and how often it came then, in time order. */
    List<String> failures() {
        return failures.entrySet().stream().sorted(Map.Entry.comparingByKey(java.util.Comparator.comparingInt(
                        (String key) -> Integer.parseInt(key.replaceAll("^\\w+ at (\\d+) s:.*$", "$1"))).thenComparing(key -> key)))
                .map(entry -> entry.getValue().sum() + " x " + entry.getKey()).toList();
    }
}
