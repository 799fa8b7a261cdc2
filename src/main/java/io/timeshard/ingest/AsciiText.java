package io.timeshard.ingest;

import java.nio.charset.StandardCharsets;

/**
 * A reusable view of ASCII bytes as characters, so that numbers and timestamps in a row can be
 * read where they lie instead of being copied into a String first.
 */
final class AsciiText implements CharSequence {
    private byte[] data;
    private int start;
    private int length;

    /** Points the view at data[start, end); false when a byte there is not ASCII (read it as a String then). */
    boolean set(byte[] data, int start, int end) {
        for (int i = start; i < end; i++) {
            if (data[i] < 0) {
                return false;
            }
        }
        this.data = data;
        this.start = start;
        this.length = end - start;
        return true;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        return (char) data[start + index];
    }

    @Override
    public CharSequence subSequence(int from, int to) {
        return toString().substring(from, to);
    }

    @Override
    public String toString() {
        return new String(data, start, length, StandardCharsets.US_ASCII);
    }
}
