package io.timeshard.protocol;

import java.io.ByteArrayOutputStream;
/** Builds one message payload field by field. */
public final class PayloadWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    private final ClientEncoding encoding;

    public PayloadWriter() {
        this(ClientEncoding.UTF8);
    }

    /** Writes strings in {@code encoding}: the client's, for its messages and those to its home session. */
    public PayloadWriter(ClientEncoding encoding) {
        this.encoding = encoding;
    }

    public PayloadWriter byte1(int value) {
        out.write(value);
        return this;
    }

    public PayloadWriter int16(int value) {
        out.write(value >>> 8);
        out.write(value);
        return this;
    }

    public PayloadWriter int32(int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
        return this;
    }

    public PayloadWriter cString(String value) {
        out.writeBytes(encoding.encode(value));
        out.write(0);
        return this;
    }

    public PayloadWriter bytes(byte[] value) {
        out.writeBytes(value);
        return this;
    }

    /** An int32 length and the bytes, or length -1 for NULL. */
    public PayloadWriter nullableBytes(byte[] value) {
        if (value == null) {
            return int32(-1);
        }
        int32(value.length);
        return bytes(value);
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    public PgMessage toMessage(char type) {
        return new PgMessage((byte) type, toByteArray());
    }
}
