package io.timeshard.bench;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The rows of the standard workload (BENCHMARK.md): row {@code i} has the time
 * {@code 2024-01-01 00:00:00+00 + (i / 1000) minutes}, the location {@code loc_(i % 1000)}, the temperature
 * {@code ((i * 7919) % 5000) / 100.0 - 10} and the humidity {@code ((i * 104729) % 10000) / 100.0}.
 * Values are computed exactly in hundredths and written as PostgreSQL prints them.
 *
 * <p>An instance writes rows as text and remembers the text of the last minute it wrote; it is not
 * thread-safe: one per thread.
 */
public final class WorkloadRows {
    public static final long DEFAULT_ROWS = 10_000_000L;
    /** Rows beyond this would take the time past the year 3900; the formulas stay within a long well before that. */
    public static final long MAX_ROWS = 1_000_000_000_000L;
    public static final int LOCATIONS = 1000;
    private static final long START_EPOCH_SECOND = LocalDateTime.of(2024, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    private static final byte[] LOCATION_PREFIX = "loc_".getBytes(StandardCharsets.US_ASCII);

    private final AsciiBuffer timeText = new AsciiBuffer(32);
    private byte[] lastTimeText;
    private long lastEpochSecond = Long.MIN_VALUE;

    public static long epochSecond(long row) {
        Objects.checkIndex(row, MAX_ROWS);
        return START_EPOCH_SECOND + (row / LOCATIONS) * 60;
    }

    public static int locationNumber(long row) {
        Objects.checkIndex(row, MAX_ROWS);
        return (int) (row % LOCATIONS);
    }

    /** The temperature of a row in hundredths of a degree: -1000 to 3999. */
    public static int temperatureHundredths(long row) {
        Objects.checkIndex(row, MAX_ROWS);
        return (int) ((row * 7919) % 5000) - 1000;
    }

    /** The humidity of a row in hundredths of a percent: 0 to 9999. */
    public static int humidityHundredths(long row) {
        Objects.checkIndex(row, MAX_ROWS);
        return (int) ((row * 104729) % 10000);
    }

    /** Appends row {@code row} as a CSV line ending in a newline, as {@code COPY ... TO STDOUT (FORMAT csv)} prints it. */
    public void appendCsvLine(long row, AsciiBuffer out) {
        out.append(timeText(row)).append(',')
                .append(LOCATION_PREFIX).appendDigits(locationNumber(row)).append(',')
                .appendHundredths(temperatureHundredths(row)).append(',')
                .appendHundredths(humidityHundredths(row)).append('\n');
    }

    /** Appends row {@code row} as a parenthesised list of SQL literals, for a VALUES list. */
    public void appendSqlTuple(long row, AsciiBuffer out) {
        out.append("('").append(timeText(row)).append("','")
                .append(LOCATION_PREFIX).appendDigits(locationNumber(row)).append("',")
                .appendHundredths(temperatureHundredths(row)).append(',')
                .appendHundredths(humidityHundredths(row)).append(')');
    }

    /** One row as a CSV line, newline included; for checks and tests (the bulk paths append to a buffer). */
    public String csvLine(long row) {
        AsciiBuffer line = new AsciiBuffer(64);
        appendCsvLine(row, line);
        return line.toString();
    }

    private byte[] timeText(long row) {
        long epochSecond = epochSecond(row);
        if (epochSecond != lastEpochSecond) {
            LocalDateTime time = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
            timeText.clear();
            timeText.appendDigits(time.getYear(), 4).append('-').appendDigits(time.getMonthValue(), 2).append('-')
                    .appendDigits(time.getDayOfMonth(), 2).append(' ').appendDigits(time.getHour(), 2).append(':')
                    .appendDigits(time.getMinute(), 2).append(':').appendDigits(time.getSecond(), 2).append("+00");
            lastTimeText = timeText.toString().getBytes(StandardCharsets.US_ASCII);
            lastEpochSecond = epochSecond;
        }
        return lastTimeText;
    }
}
