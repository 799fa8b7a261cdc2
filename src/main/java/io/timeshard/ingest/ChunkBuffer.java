package io.timeshard.ingest;

import io.timeshard.catalog.Chunk;

import java.util.Arrays;

/** Rows on their way to one chunk, and the client's row number of each, for error messages. */
final class ChunkBuffer {
    private final Chunk chunk;
    private byte[] data;
    private int length;
    private long[] rowNumbers = new long[256];
    private int rows;

    ChunkBuffer(Chunk chunk, int initialCapacity) {
        this.chunk = chunk;
        this.data = new byte[initialCapacity];
    }

    void add(byte[] source, int start, int end, long rowNumber) {
        int size = end - start;
        if (length + size > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, length + size));
        }
        System.arraycopy(source, start, data, length, size);
        length += size;
        if (rows == rowNumbers.length) {
            rowNumbers = Arrays.copyOf(rowNumbers, rows * 2);
        }
        rowNumbers[rows++] = rowNumber;
    }

    int length() {
        return length;
    }

    boolean isEmpty() {
        return rows == 0;
    }

    /** Hands the buffered rows over and starts empty. */
    Batch take() {
        Batch batch = new Batch(chunk, data, length, Arrays.copyOf(rowNumbers, rows), rows);
        data = new byte[data.length]; // the same capacity again: the next batch needs no regrowing
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
