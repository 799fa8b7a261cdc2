package io.timeshard.protocol;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;

import java.nio.charset.StandardCharsets;

/** Reads the fields of one message payload; a short or malformed payload is a protocol violation. */
public final class PayloadReader {
    private final byte[] data;
    private final ClientEncoding encoding;
    private int position;

    /** Reads strings as UTF-8, replacing invalid bytes: for the startup and authentication messages. */
    public PayloadReader(byte[] data) {
        this(data, null);
    }

    /** Reads strings in {@code encoding}: the client's, for its messages and those of its home session. */
    public PayloadReader(byte[] data, ClientEncoding encoding) {
        this.data = data;
        this.encoding = encoding;
    }

    public int remaining() {
        return data.length - position;
    }

    public byte readByte() {
        require(1);
        return data[position++];
    }

    public short readInt16() {
        require(2);
        short value = (short) (((data[position] & 0xff) << 8) | (data[position + 1] & 0xff));
        position += 2;
        return value;
    }

    public int readInt32() {
        require(4);
        int value = ((data[position] & 0xff) << 24) | ((data[position + 1] & 0xff) << 16)
                | ((data[position + 2] & 0xff) << 8) | (data[position + 3] & 0xff);
        position += 4;
        return value;
    }

    /** A count field: int16 read as unsigned, as PostgreSQL does for parameter and column counts. */
    public int readCount16() {
        return readInt16() & 0xffff;
    }

    public String readCString() {
        int end = position;
        while (end < data.length && data[end] != 0) {
            end++;
        }
        if (end == data.length) {
            throw malformed("string is not terminated");
        }
        String value = encoding == null ? new String(data, position, end - position, StandardCharsets.UTF_8)
                : encoding.decode(data, position, end - position);
        position = end + 1;
        return value;
    }

    public byte[] readBytes(int length) {
        if (length < 0) {
            throw malformed("negative length " + length);
        }
        require(length);
        byte[] value = new byte[length];
        System.arraycopy(data, position, value, 0, length);
        position += length;
        return value;
    }

    /** An int32 length followed by that many bytes; length -1 means NULL. */
    public byte[] readNullableBytes() {
        int length = readInt32();
        return length == -1 ? null : readBytes(length);
    }

    private void require(int length) {
        if (length > data.length - position) {
            throw malformed("message is shorter than its fields");
        }
    }

    private static TimeshardException malformed(String why) {
        return TimeshardException.of(ErrorCode.PROTOCOL_VIOLATION, "invalid message format: " + why);
    }
}
