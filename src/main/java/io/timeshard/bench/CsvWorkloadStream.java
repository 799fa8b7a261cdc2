package io.timeshard.bench;

import java.io.InputStream;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * The first N workload rows as CSV (no header), generated as they are read: only one block of rows
 * is held in memory at a time. Reports the number of rows generated so far after each block.
 */
public final class CsvWorkloadStream extends InputStream {
    private static final int ROWS_PER_BLOCK = 1024;

    private final long rows;
    private final LongConsumer rowsGenerated;
    private final WorkloadRows workload = new WorkloadRows();
    private final AsciiBuffer block = new AsciiBuffer(64 * 1024);
    private int position;
    private long nextRow;

    public CsvWorkloadStream(long rows, LongConsumer rowsGenerated) {
        if (rows < 0 || rows > WorkloadRows.MAX_ROWS) {
            throw new IllegalArgumentException("rows must be between 0 and " + WorkloadRows.MAX_ROWS + ": " + rows);
        }
        this.rows = rows;
        this.rowsGenerated = Objects.requireNonNull(rowsGenerated, "rowsGenerated is null");
    }

    public CsvWorkloadStream(long rows) {
        this(rows, generated -> {});
    }

    @Override
    public int read() {
        if (!hasBytes()) {
            return -1;
        }
        return block.byteAt(position++) & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, target.length);
        if (length == 0) {
            return 0;
        }
        if (!hasBytes()) {
            return -1;
        }
        int count = Math.min(length, block.length() - position);
        block.copyTo(position, target, offset, count);
        position += count;
        return count;
    }

    @Override
    public int available() {
        return block.length() - position;
    }

    private boolean hasBytes() {
        if (position < block.length()) {
            return true;
        }
        if (nextRow >= rows) {
            return false;
        }
        block.clear();
        position = 0;
        long end = Math.min(rows, nextRow + ROWS_PER_BLOCK);
        for (long row = nextRow; row < end; row++) {
            workload.appendCsvLine(row, block);
        }
        nextRow = end;
        rowsGenerated.accept(end);
        return true;
    }
}
