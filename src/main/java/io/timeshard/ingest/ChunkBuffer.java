package io.timeshard.ingest;

import io.timeshard.catalog.Chunk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows on their way to one chunk, and the client's row number of each, for error messages. A
 * batch leaves grouped by space hash: the rows of one device then lie together in the chunk's
 * pages instead of one per page, so a query for one device reads a few pages where it would read
 * one per row (rows usually arrive in time order, all devices mixed). Within a group the rows go
 * last first: arriving in time order, they then reach the default (..., time DESC) indexes in
 * index order, which PostgreSQL inserts faster and packs tighter (measured: 5-10% less insert
 * time, a 13% smaller (location, time DESC) index than in arrival order). Binary rows go group
 * after group in the order of their space values' bytes (the (space, time DESC) index's order
 * for text in the C collation): another 4% less insert time. Any order is correct; these are
 * only faster.
 */
final class ChunkBuffer {
    private final Chunk chunk;
    /** The space column's field in binary rows, or -1 (no space dimension, or rows in text). */
    private final int spaceField;
    private byte[] data;
    private int length;
    private long[] rowNumbers = new long[256];
    /** Per row: its space hash in the high half, and in the low half its position counted down from the last possible one. */
    private long[] order = new long[256];
    private int[] starts = new int[256];
    private int rows;

    ChunkBuffer(Chunk chunk, int initialCapacity, int spaceField) {
        this.chunk = chunk;
        this.spaceField = spaceField;
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

    Chunk chunk() {
        return chunk;
    }

    int length() {
        return length;
    }

    boolean isEmpty() {
        return rows == 0;
    }

    /** Hands the buffered rows over, group by group as the class comment says, and starts empty (its array stays for the next rows). */
    Batch take() {
        Arrays.sort(order, 0, rows); // hashes are non-negative
        byte[] sorted = new byte[length];
        long[] numbers = new long[rows];
        int position = 0;
        int taken = 0;
        for (Group group : groups()) {
            for (int i = group.from(); i < group.to(); i++) {
                int row = row(i);
                int start = starts[row];
                int size = (row + 1 < rows ? starts[row + 1] : length) - start;
                System.arraycopy(data, start, sorted, position, size);
                position += size;
                numbers[taken++] = rowNumbers[row];
            }
        }
        Batch batch = new Batch(chunk, sorted, length, numbers, rows);
        length = 0;
        rows = 0;
        return batch;
    }

    /** The row at position {@code i} of the sorted {@link #order}. */
    private int row(int i) {
        return Integer.MAX_VALUE - (int) order[i];
    }

    /**
     * Rows [from, to) of the sorted {@link #order} share a hash; their space value lies at
     * data[valueStart, valueEnd), and {@code prefix} holds its first 8 bytes (zero-padded) so that
     * most comparisons need not read the data.
     */
    private record Group(int from, int to, int valueStart, int valueEnd, long prefix) {}

    /** The hash groups of the sorted {@link #order}, in the order of their space values' bytes when the rows are binary. */
    private List<Group> groups() {
        List<Group> groups = new ArrayList<>();
        for (int from = 0, to; from < rows; from = to) {
            long hash = order[from] >>> 32;
            to = from + 1;
            while (to < rows && order[to] >>> 32 == hash) {
                to++;
            }
            groups.add(spaceField < 0 ? new Group(from, to, 0, 0, 0) : withSpaceValue(from, to));
        }
        if (spaceField >= 0) {
            groups.sort((a, b) -> a.prefix() != b.prefix() ? Long.compareUnsigned(a.prefix(), b.prefix())
                    : Arrays.compareUnsigned(data, a.valueStart(), a.valueEnd(), data, b.valueStart(), b.valueEnd()));
        }
        return groups;
    }

    /** The group with the space value of its first row, found by walking that binary row's fields (a NULL reads as empty). */
    private Group withSpaceValue(int from, int to) {
        int position = starts[row(from)] + 2; // past the field count
        for (int field = 0; field < spaceField; field++) {
            position += 4 + Math.max(0, readInt(position));
        }
        int valueStart = position + 4;
        int valueEnd = valueStart + Math.max(0, readInt(position));
        long prefix = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            prefix = prefix << 8 | (valueStart + i < valueEnd ? data[valueStart + i] & 0xff : 0);
        }
        return new Group(from, to, valueStart, valueEnd, prefix);
    }

    private int readInt(int at) {
        return (data[at] & 0xff) << 24 | (data[at + 1] & 0xff) << 16 | (data[at + 2] & 0xff) << 8 | data[at + 3] & 0xff;
    }

    /** Rows for one COPY into one chunk; {@code rowNumbers[i]} is the client's number of row i. */
    record Batch(Chunk chunk, byte[] data, int length, long[] rowNumbers, int rows) {
        long clientRowNumber(int line) {
            return line >= 1 && line <= rows ? rowNumbers[line - 1] : line;
        }
    }
}
