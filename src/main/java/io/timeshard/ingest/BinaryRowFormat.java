package io.timeshard.ingest;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;

import java.util.Arrays;

/** PostgreSQL's binary COPY format: a signature header, then tuples of length-prefixed values. */
final class BinaryRowFormat implements RowFormat {
    static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final byte[] HEADER = Arrays.copyOf(SIGNATURE, SIGNATURE.length + 8);
    private static final byte[] TRAILER = {(byte) 0xff, (byte) 0xff};

    @Override
    public int headerLength(byte[] data, int start, int limit) {
        if (limit - start < HEADER.length) {
            return INCOMPLETE;
        }
        if (!Arrays.equals(data, start, start + SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
            throw TimeshardException.of(ErrorCode.BAD_COPY_FILE_FORMAT, "COPY file signature not recognized");
        }
        int extension = readInt(data, start + SIGNATURE.length + 4);
        return limit - start < HEADER.length + extension ? INCOMPLETE : HEADER.length + extension;
    }

    @Override
    public int rowEnd(byte[] data, int start, int limit) {
        if (limit - start < 2) {
            return INCOMPLETE;
        }
        int fields = readShort(data, start);
        if (fields == -1) {
            return END_OF_DATA;
        }
        int position = start + 2;
        for (int i = 0; i < fields; i++) {
            if (limit - position < 4) {
                return INCOMPLETE;
            }
            int length = readInt(data, position);
            if (length < -1) {
                throw TimeshardException.of(ErrorCode.BAD_COPY_FILE_FORMAT, "invalid field size");
            }
            position += 4 + Math.max(length, 0);
            if (position > limit) {
                return INCOMPLETE;
            }
        }
        return position;
    }

    /** Field {@code index} of the tuple [start, end): its binary value, or null for SQL NULL. */
    byte[] field(byte[] data, int start, int end, int index) {
        int fields = readShort(data, start);
        if (index >= fields) {
            throw TimeshardException.of(ErrorCode.BAD_COPY_FILE_FORMAT, "row field count is " + fields + ", expected more");
        }
        int position = start + 2;
        for (int i = 0; i < index; i++) {
            position += 4 + Math.max(readInt(data, position), 0);
        }
        int length = readInt(data, position);
        return length < 0 ? null : Arrays.copyOfRange(data, position + 4, position + 4 + length);
    }

    @Override
    public byte[] streamHeader() {
        return HEADER;
    }

    @Override
    public byte[] streamTrailer() {
        return TRAILER;
    }

    static int readShort(byte[] data, int at) {
        return (short) (((data[at] & 0xff) << 8) | (data[at + 1] & 0xff));
    }

    static int readInt(byte[] data, int at) {
        return ((data[at] & 0xff) << 24) | ((data[at + 1] & 0xff) << 16) | ((data[at + 2] & 0xff) << 8) | (data[at + 3] & 0xff);
    }
}
