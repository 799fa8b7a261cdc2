package io.timeshard.ingest;

import io.timeshard.error.TimeshardException;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Builds binary COPY tuples from rows of text fields, column by column, into one reusable buffer.
 * Values the encoders are unsure of go to PostgreSQL ({@link ValueFallback}).
 */
public final class TupleEncoder {
    private final String hypertableName;
    private final List<String> columns;
    private final List<String> types;
    private final TextValueEncoder[] encoders;
    private final ValueFallback fallback;
    private final int[] valueStarts;
    private final int[] valueLengths;
    private final AsciiText view = new AsciiText();
    private final InPlaceValues sink = new InPlaceValues();
    /** The column {@link #sink} writes to. */
    private int sinkColumn;
    private byte[] buffer = new byte[256];
    private int length;

    /** PostgreSQL's binary value for a text value of a type: asked of the home database. */
    @FunctionalInterface
    public interface ValueFallback {
        byte[] toBinary(String text, String typeName);
    }

    private TupleEncoder(String hypertableName, List<String> columns, List<String> types, TextValueEncoder[] encoders,
                         ValueFallback fallback) {
        this.hypertableName = hypertableName;
        this.columns = columns;
        this.types = types;
        this.encoders = encoders;
        this.fallback = fallback;
        this.valueStarts = new int[columns.size()];
        this.valueLengths = new int[columns.size()];
    }

    /** An encoder for these columns, or empty when one of their types has no text encoder. */
    static Optional<TupleEncoder> of(String hypertableName, List<String> columns, List<String> types, java.time.ZoneId zone,
                                     ValueFallback fallback) {
        TextValueEncoder[] encoders = new TextValueEncoder[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            Optional<TextValueEncoder> encoder = TextValueEncoder.forType(types.get(i), zone);
            if (encoder.isEmpty()) {
                return Optional.empty();
            }
            encoders[i] = encoder.get();
        }
        return Optional.of(new TupleEncoder(hypertableName, columns, types, encoders, fallback));
    }

    /** Encodes the fields of client row {@code rowNumber} where they lie in {@code data}. */
    void encode(byte[] data, FieldSpans spans, long rowNumber) {
        length = 0;
        ensure(2);
        buffer[length++] = (byte) (spans.size() >> 8);
        buffer[length++] = (byte) spans.size();
        for (int i = 0; i < spans.size(); i++) {
            if (spans.nulls[i]) {
                writeInt(-1);
                valueStarts[i] = -1;
                continue;
            }
            String text = spans.decoded[i];
            byte[] value;
            try {
                sinkColumn = i;
                if (text == null && encoders[i].encodeInPlace(data, spans.starts[i], spans.ends[i], view, sink)) {
                    continue;
                }
                value = text != null ? encoders[i].encode(text) : encoders[i].encode(data, spans.starts[i], spans.ends[i], view);
                if (value == null) {
                    value = fallback.toBinary(spans.text(data, i), types.get(i));
                }
            } catch (TimeshardException e) {
                throw e.withContext("COPY " + hypertableName + ", line " + rowNumber + ", column " + columns.get(i) + ": \""
                        + spans.text(data, i) + "\"");
            }
            append(i, value);
        }
    }

    /** Encodes the fields (null for SQL NULL) of client row {@code rowNumber}. */
    void encode(String[] fields, long rowNumber) {
        length = 0;
        ensure(2);
        buffer[length++] = (byte) (fields.length >> 8);
        buffer[length++] = (byte) fields.length;
        for (int i = 0; i < fields.length; i++) {
            String text = fields[i];
            if (text == null) {
                writeInt(-1);
                valueStarts[i] = -1;
                continue;
            }
            byte[] value;
            try {
                value = encoders[i].encode(text);
                if (value == null) {
                    value = fallback.toBinary(text, types.get(i));
                }
            } catch (TimeshardException e) {
                throw e.withContext("COPY " + hypertableName + ", line " + rowNumber + ", column " + columns.get(i) + ": \"" + text + "\"");
            }
            append(i, value);
        }
    }

    /** Writes values the encoders read in place into the tuple, as column {@link #sinkColumn}. */
    private final class InPlaceValues implements TextValueEncoder.ValueSink {
        @Override
        public void fixed(long value, int size) {
            start(sinkColumn, size);
            for (int shift = (size - 1) * 8; shift >= 0; shift -= 8) {
                buffer[length++] = (byte) (value >>> shift);
            }
        }

        @Override
        public void bytes(byte[] data, int start, int end) {
            start(sinkColumn, end - start);
            System.arraycopy(data, start, buffer, length, end - start);
            length += end - start;
        }
    }

    /** The length word of a value of {@code size} bytes in column {@code column}, and room for the value. */
    private void start(int column, int size) {
        writeInt(size);
        ensure(size);
        valueStarts[column] = length;
        valueLengths[column] = size;
    }

    private void append(int column, byte[] value) {
        start(column, value.length);
        System.arraycopy(value, 0, buffer, length, value.length);
        length += value.length;
    }

    byte[] buffer() {
        return buffer;
    }

    int length() {
        return length;
    }

    /** The binary value of column {@code index} in the last tuple, or null for NULL. */
    byte[] value(int index) {
        return valueStarts[index] < 0 ? null : Arrays.copyOfRange(buffer, valueStarts[index], valueStarts[index] + valueLengths[index]);
    }

    /** Where column {@code index}'s value starts in {@link #buffer()}, -1 for NULL. */
    int valueStart(int index) {
        return valueStarts[index];
    }

    int valueLength(int index) {
        return valueLengths[index];
    }

    private void writeInt(int value) {
        ensure(4);
        buffer[length++] = (byte) (value >>> 24);
        buffer[length++] = (byte) (value >>> 16);
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
