package io.timeshard.ingest;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** PostgreSQL's csv COPY format: quoted fields may hold delimiters and newlines. */
final class CsvRowFormat implements RowFormat {
    private static final byte[] NONE = new byte[0];

    private final byte delimiter;
    private final byte quote;
    private final byte escape;
    private final byte[] nullBytes;
    private final boolean header;

    CsvRowFormat(CopyFormat format) {
        this.delimiter = format.delimiter();
        this.quote = format.quote();
        this.escape = format.escape();
        this.nullBytes = format.nullString().getBytes(StandardCharsets.UTF_8);
        this.header = format.header();
    }

    @Override
    public int headerLength(byte[] data, int start, int limit) {
        if (!header) {
            return 0;
        }
        int end = rowEnd(data, start, limit);
        return end == END_OF_DATA ? 0 : end == INCOMPLETE ? INCOMPLETE : end - start;
    }

    @Override
    public int rowEnd(byte[] data, int start, int limit) {
        boolean quoted = false;
        for (int i = start; i < limit; i++) {
            byte b = data[i];
            if (quoted) {
                if (b == escape && escape != quote && i + 1 < limit && (data[i + 1] == quote || data[i + 1] == escape)) {
                    i++;
                } else if (b == quote) {
                    if (i + 1 >= limit) {
                        return INCOMPLETE;
                    }
                    if (escape == quote && data[i + 1] == quote) {
                        i++;
                    } else {
                        quoted = false;
                    }
                }
            } else if (b == quote) {
                quoted = true;
            } else if (b == '\n') {
                return isEndMarker(data, start, i) ? END_OF_DATA : i + 1;
            }
        }
        return INCOMPLETE;
    }

    private static boolean isEndMarker(byte[] data, int start, int newline) {
        int end = newline > start && data[newline - 1] == '\r' ? newline - 1 : newline;
        return end - start == 2 && data[start] == '\\' && data[start + 1] == '.';
    }

    @Override
    public Object field(byte[] data, int start, int end, int index) {
        int lineEnd = end > start && data[end - 1] == '\n' ? end - 1 : end;
        if (lineEnd > start && data[lineEnd - 1] == '\r') {
            lineEnd--;
        }
        int current = 0;
        int i = start;
        while (i <= lineEnd) {
            ByteArrayOutputStream value = current == index ? new ByteArrayOutputStream() : null;
            boolean wasQuoted = false;
            int fieldStart = i;
            boolean quoted = false;
            while (i < lineEnd && (quoted || data[i] != delimiter)) {
                byte b = data[i];
                if (quoted && b == escape && escape != quote && i + 1 < lineEnd && (data[i + 1] == quote || data[i + 1] == escape)) {
                    write(value, data[++i]);
                } else if (quoted && b == quote && escape == quote && i + 1 < lineEnd && data[i + 1] == quote) {
                    write(value, data[++i]);
                } else if (b == quote) {
                    quoted = !quoted;
                    wasQuoted = true;
                } else {
                    write(value, b);
                }
                i++;
            }
            if (current == index) {
                boolean isNull = !wasQuoted && i - fieldStart == nullBytes.length
                        && Arrays.equals(data, fieldStart, i, nullBytes, 0, nullBytes.length);
                return isNull ? null : value.toString(StandardCharsets.UTF_8);
            }
            current++;
            i++;
        }
        throw TimeshardException.of(ErrorCode.INVALID_TEXT_REPRESENTATION, "missing data for column " + (index + 1));
    }

    private static void write(ByteArrayOutputStream value, byte b) {
        if (value != null) {
            value.write(b);
        }
    }

    @Override
    public byte[] streamHeader() {
        return NONE;
    }

    @Override
    public byte[] streamTrailer() {
        return NONE;
    }
}
