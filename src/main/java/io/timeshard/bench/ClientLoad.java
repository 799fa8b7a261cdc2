package io.timeshard.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * N clients, each on a connection of its own, running one script back to back for a while: first
 * untimed (warm-up), then timed. Every run's latency is kept; a failed run counts as a failure and
 * the client goes on.
 */
final class ClientLoad {
    /** Opens a client's connection. */
    @FunctionalInterface
    interface Connector {
        Connection open() throws SQLException;
    }

    /** What one measure of one script on one system gave. */
    record Result(long runs, long failures, double seconds, double p50Millis, double p99Millis, String firstFailure) {
        double tps() {
            return runs / seconds;
        }
    }

    private ClientLoad() {}

    static Result run(Connector connector, boolean simple, ConcurrencyScript script, int clients, double warmUpSeconds,
                      double seconds, long loadedRows) throws InterruptedException {
        long[][] latencies = new long[clients][];
        long[] failures = new long[clients];
        AtomicReference<String> firstFailure = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(clients);
        long[] window = new long[2];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            threads.add(Thread.ofPlatform().name("bench-client-" + c).start(() -> {
                List<Long> times = new ArrayList<>();
                try (ConcurrencyScript.Client session = new ConcurrencyScript.Client(connector.open(), simple, client, loadedRows)) {
                    ready.countDown();
                    ready.await();
                    long warmUpEnd;
                    long end;
                    synchronized (window) {
                        if (window[0] == 0) {
                            window[0] = System.nanoTime() + (long) (warmUpSeconds * 1e9);
                            window[1] = window[0] + (long) (seconds * 1e9);
                        }
                        warmUpEnd = window[0];
                        end = window[1];
                    }
                    long now;
                    while ((now = System.nanoTime()) < end) {
                        try {
                            session.run(script);
                            if (now >= warmUpEnd) {
                                times.add(System.nanoTime() - now);
                            }
                        } catch (SQLException | RuntimeException e) {
                            if (now >= warmUpEnd) {
                                failures[client]++;
                                firstFailure.compareAndSet(null, e.getMessage());
                            }
                        }
                    }
                } catch (SQLException | InterruptedException e) {
                    ready.countDown();
                    failures[client]++;
                    firstFailure.compareAndSet(null, "could not connect: " + e.getMessage());
                }
                latencies[client] = times.stream().mapToLong(Long::longValue).toArray();
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray(); // the joins made every slot visible
        return new Result(all.length, Arrays.stream(failures).sum(), seconds, percentile(all, 0.50), percentile(all, 0.99), firstFailure.get());
    }

    private static double percentile(long[] sorted, double fraction) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(fraction * sorted.length))] / 1e6;
    }
}
