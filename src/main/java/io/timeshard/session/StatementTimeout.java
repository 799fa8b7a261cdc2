package io.timeshard.session;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The session's statement_timeout over a distributed statement: when it passes, the session's
 * cancel reaches every node's part, as PostgreSQL's own timeout would end a local statement.
 */
final class StatementTimeout implements AutoCloseable {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "statement-timeout");
        thread.setDaemon(true);
        return thread;
    });

    private final ScheduledFuture<?> pending;
    private volatile boolean expired;

    private StatementTimeout(long millis, Runnable cancel) {
        this.pending = millis <= 0 ? null : TIMER.schedule(() -> {
            expired = true;
            cancel.run();
        }, millis, TimeUnit.MILLISECONDS);
    }

    /** {@code setting}: statement_timeout in milliseconds as pg_settings shows it; 0 or none is no timeout. */
    static StatementTimeout start(String setting, Runnable cancel) {
        long millis = setting == null ? 0 : Long.parseLong(setting);
        return new StatementTimeout(millis, cancel);
    }

    boolean expired() {
        return expired;
    }

    @Override
    public void close() {
        if (pending != null) {
            pending.cancel(false);
        }
    }
}
