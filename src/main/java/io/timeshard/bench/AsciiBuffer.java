package io.timeshard.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/** A growable byte buffer for ASCII text: the benchmark writes its rows here without building Strings per row. */
public final class AsciiBuffer {
    private byte[] bytes;
    private int length;

    public AsciiBuffer(int initialCapacity) {
        if (initialCapacity <= 0) {
            throw new IllegalArgumentException("initialCapacity must be positive: " + initialCapacity);
        }
        bytes = new byte[initialCapacity];
    }

    public int length() {
        return length;
    }

    public void clear() {
        length = 0;
    }

    public AsciiBuffer append(char character) {
        ensureCapacity(1);
        bytes[length++] = (byte) character;
        return this;
    }

    public AsciiBuffer append(byte[] text) {
        ensureCapacity(text.length);
        System.arraycopy(text, 0, bytes, length, text.length);
        length += text.length;
        return this;
    }

    /** Appends text known to be ASCII (SQL keywords, identifiers). */
    public AsciiBuffer append(String ascii) {
        ensureCapacity(ascii.length());
        for (int i = 0; i < ascii.length(); i++) {
            bytes[length++] = (byte) ascii.charAt(i);
        }
        return this;
    }

    /** Appends a non-negative integer in decimal. */
    public AsciiBuffer appendDigits(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("value must not be negative: " + value);
        }
        int digits = 1;
        for (long rest = value / 10; rest != 0; rest /= 10) {
            digits++;
        }
        ensureCapacity(digits);
        int end = length + digits;
        for (int position = end - 1; position >= length; position--) {
            bytes[position] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length = end;
        return this;
    }

    /** Appends a non-negative integer in decimal, padded with zeros on the left to {@code width} digits. */
    public AsciiBuffer appendDigits(long value, int width) {
        int digits = 1;
        for (long rest = value / 10; rest != 0; rest /= 10) {
            digits++;
        }
        for (int i = digits; i < width; i++) {
            append('0');
        }
        return appendDigits(value);
    }

    /**
     * Appends {@code hundredths / 100} as PostgreSQL prints the double precision value nearest to it:
     * the shortest text that reads back as the same double, so no trailing zeros and no decimal point
     * for whole numbers ({@code -1000} prints {@code -10}, {@code 910} prints {@code 9.1}).
     */
    public AsciiBuffer appendHundredths(int hundredths) {
        long magnitude = hundredths;
        if (magnitude < 0) {
            append('-');
            magnitude = -magnitude;
        }
        appendDigits(magnitude / 100);
        int fraction = (int) (magnitude % 100);
        if (fraction != 0) {
            append('.').append((char) ('0' + fraction / 10));
            if (fraction % 10 != 0) {
                append((char) ('0' + fraction % 10));
            }
        }
        return this;
    }

    /** Copies {@code count} bytes starting at {@code from} into {@code target} at {@code offset}. */
    public void copyTo(int from, byte[] target, int offset, int count) {
        Objects.checkFromIndexSize(from, count, length);
        System.arraycopy(bytes, from, target, offset, count);
    }

    public byte byteAt(int index) {
        Objects.checkIndex(index, length);
        return bytes[index];
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.US_ASCII);
    }

    private void ensureCapacity(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
