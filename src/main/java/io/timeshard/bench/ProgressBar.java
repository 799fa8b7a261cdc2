package io.timeshard.bench;

import java.io.PrintStream;
import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * A one-line progress bar (rows done of the total, rate) redrawn in place with a carriage return,
 * at most four times a second. Used by the thread that does the work; not thread-safe.
 */
public final class ProgressBar {
    private static final long REDRAW_INTERVAL_NANOS = Duration.ofMillis(250).toNanos();
    private static final int BAR_WIDTH = 30;

    private final String label;
    private final long total;
    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private long lastDrawNanos;
    private int lastLineLength;

    public ProgressBar(String label, long total, PrintStream out) {
        this.label = requireNonNull(label, "label is null");
        this.out = requireNonNull(out, "out is null");
        if (total <= 0) {
            throw new IllegalArgumentException("total must be positive: " + total);
        }
        this.total = total;
        this.lastDrawNanos = startNanos - REDRAW_INTERVAL_NANOS;
    }

    public void update(long done) {
        long now = System.nanoTime();
        if (now - lastDrawNanos >= REDRAW_INTERVAL_NANOS) {
            draw(done, now);
        }
    }

    /** Draws the final state and ends the line. */
    public void finish(long done) {
        draw(done, System.nanoTime());
        out.print('\n');
        out.flush();
    }

    private void draw(long done, long now) {
        lastDrawNanos = now;
        long clamped = Math.min(Math.max(done, 0), total);
        int filled = (int) (clamped * BAR_WIDTH / total);
        double seconds = (now - startNanos) / 1e9;
        long rate = seconds > 0 ? Math.round(clamped / seconds) : 0;
        String line = String.format("%-28s [%s%s] %,d / %,d rows  %,d rows/s  %.1fs", label, "#".repeat(filled),
                "-".repeat(BAR_WIDTH - filled), clamped, total, rate, seconds);
        // Spaces wipe what is left of a longer previous line.
        out.print('\r' + line + " ".repeat(Math.max(0, lastLineLength - line.length())));
        out.flush();
        lastLineLength = line.length();
    }
}
