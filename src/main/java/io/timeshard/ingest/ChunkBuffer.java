package io.timeshard.ingest;

import io.timeshard.catalog.Chunk;

import java.util.Arrays;

/**
 * Rows on their way to one chunk, and the client's row number of each, for error messages. A
 * batch leaves grouped by space hash: the rows of one device then lie together in the chunk's
 * pages instead of one per page, so a query for one device reads a few pages where it would read
 * one per row (rows usually arrive in time order, all devices mixed). Within a group the rows go
 * last first: arriving in time order, they then reach the default (..., time DESC) indexes in
 * index order, which PostgreSQL inserts faster and packs tighter (measured: 5-10% less insert
 * time, a 13% smaller (location, time DESC) index than in arrival order).
 */
final class ChunkBuffer {
    private final Chunk chunk;
    private byte[] data;
    private int length;
    private long[] rowNumbers = new long[256];
    /** Per row: its space hash in the high half, and in the low half its position counted down from the last possible one. */
    private long[] order = new long[256];
    private int[] starts = new int[256];
    private int rows;

    ChunkBuffer(Chunk chunk, int initialCapacity) {
        this.chunk = chunk;
        this.data = new byte[initialCapacity];
    }

    void add(int hash, byte[] source, int start, int end, long rowNumber) {
        int size = end - start;
        if (length + size > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, length + size));
        }
        if (rows == rowNumbers.length) {
            rowNumbers = Arrays.copyOf(rowNumbers, rows * 2);
            order = Arrays.copyOf(order, rows * 2);
            starts = Arrays.copyOf(starts, rows * 2);
        }
        System.arraycopy(source, start, data, length, size);
        starts[rows] = length;
        order[rows] = (long) hash << 32 | (Integer.MAX_VALUE - rows);
        rowNumbers[rows++] = rowNumber;
        length += size;
    }

    int length() {
        return length;
    }

    boolean isEmpty() {
        return rows == 0;
    }

    /** Hands the buffered rows over, grouped by space hash, and starts empty (its array stays for the next rows). */
    Batch take() {
        Arrays.sort(order, 0, rows); // hashes are non-negative
        byte[] sorted = new byte[length];
        long[] numbers = new long[rows];
        int position = 0;
        for (int i = 0; i < rows; i++) {
            int row = Integer.MAX_VALUE - (int) order[i];
            int start = starts[row];
            int size = (row + 1 < rows ? starts[row + 1] : length) - start;
            System.arraycopy(data, start, sorted, position, size);
            position += size;
            numbers[i] = rowNumbers[row];
        }
        Batch batch = new Batch(chunk, sorted, length, numbers, rows);
        length = 0;
        rows = 0;
        return batch;
    }

    /** Rows for one COPY into one chunk; {@code rowNumbers[i]} is the client's number of row i. */
    record Batch(Chunk chunk, byte[] data, int length, long[] rowNumbers, int rows) {
        long clientRowNumber(int line) {
            return line >= 1 && line <= rows ? rowNumbers[line - 1] : line;
        }
    }
}
