package io.timeshard.protocol;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Framing of the v3 protocol over a byte stream, for either end of a connection:
 * typed messages (type byte, int32 length, payload) and the untyped startup packets.
 */
public final class MessageStream {
    private final DataInputStream in;
    private final OutputStream out;
    private int maxMessageLength;

    public MessageStream(InputStream in, OutputStream out, int maxMessageLength) {
        this.in = new DataInputStream(new BufferedInputStream(in, 64 * 1024));
        this.out = new BufferedOutputStream(out, 64 * 1024);
        this.maxMessageLength = maxMessageLength;
    }

    /** Raises the size limit once the peer is authenticated. */
    public void setMaxMessageLength(int maxMessageLength) {
        this.maxMessageLength = maxMessageLength;
    }

    /** Message bodies up to this size are read into an array of their length at once. */
    private static final int PREALLOCATED = 1 << 20;

    /** Reads a typed message, or returns null at a clean end of stream. */
    public PgMessage read() {
        try {
            int type = in.read();
            if (type < 0) {
                return null;
            }
            return new PgMessage((byte) type, readBody());
        } catch (EOFException e) {
            throw TimeshardException.of(ErrorCode.PROTOCOL_VIOLATION, "unexpected end of stream inside a message", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads an untyped startup packet (StartupMessage, SSLRequest, CancelRequest); null at end of stream. */
    public byte[] readStartupPacket() {
        try {
            in.mark(1);
            if (in.read() < 0) {
                return null;
            }
            in.reset();
            return readBody();
        } catch (EOFException e) {
            throw TimeshardException.of(ErrorCode.PROTOCOL_VIOLATION, "unexpected end of stream inside the startup packet", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] readBody() throws IOException {
        int length = in.readInt();
        if (length < 4 || length - 4 > maxMessageLength) {
            throw TimeshardException.of(ErrorCode.PROTOCOL_VIOLATION, "invalid message length " + length);
        }
        if (length - 4 <= PREALLOCATED) {
            byte[] payload = new byte[length - 4];
            in.readFully(payload);
            return payload;
        }
        // A large length is only believed as its bytes arrive: a client cannot make us allocate a gigabyte by saying so.
        byte[] payload = in.readNBytes(length - 4);
        if (payload.length < length - 4) {
            throw new EOFException();
        }
        return payload;
    }

    public void write(PgMessage message) {
        try {
            out.write(message.type());
            writeLengthAndPayload(message.payload());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void writeStartupPacket(byte[] payload) {
        try {
            writeLengthAndPayload(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes raw bytes, such as the single 'N' that answers an SSLRequest. */
    public void writeRaw(int singleByte) {
        try {
            out.write(singleByte);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeLengthAndPayload(byte[] payload) throws IOException {
        int length = payload.length + 4;
        out.write(length >>> 24);
        out.write(length >>> 16);
        out.write(length >>> 8);
        out.write(length);
        out.write(payload);
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
