package io.timeshard.ingest;


import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** PostgreSQL's csv COPY format: quoted fields may hold delimiters and newlines. */
final class CsvRowFormat implements RowFormat {
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
                return RowFormat.isEndMarker(data, start, i) ? END_OF_DATA : i + 1;
            }
        }
        return INCOMPLETE;
    }

    @Override
    public int spans(byte[] data, int start, int end, FieldSpans spans) {
        int lineEnd = RowFormat.lineEnd(data, start, end);
        int count = 0;
        int i = start;
        while (true) {
            int fieldStart = i;
            boolean quoted = false;
            boolean sawQuote = false;
            while (i < lineEnd && (quoted || data[i] != delimiter)) {
                if (data[i] == quote) {
                    sawQuote = true;
                    quoted = !quoted;
                } else if (quoted && data[i] == escape && escape != quote && i + 1 < lineEnd) {
                    i++;
                }
                i++;
            }
            if (count < spans.size()) {
                if (sawQuote) {
                    spans.setText(count, (String) quotedAfterAll(data, fieldStart, i));
                } else if (i - fieldStart == nullBytes.length && Arrays.equals(data, fieldStart, i, nullBytes, 0, nullBytes.length)) {
                    spans.setText(count, null);
                } else {
                    spans.setBytes(count, fieldStart, i);
                }
            }
            count++;
            if (i >= lineEnd) {
                return count;
            }
            i++;
        }
    }

    /** An unquoted field: its bytes up to the delimiter, or NULL when they spell the null string. */
    private Object unquoted(byte[] data, int start, int lineEnd) {
        int end = start;
        while (end < lineEnd && data[end] != delimiter && data[end] != quote) {
            end++;
        }
        if (end < lineEnd && data[end] == quote) {
            return quotedAfterAll(data, start, lineEnd);
        }
        if (end - start == nullBytes.length && Arrays.equals(data, start, end, nullBytes, 0, nullBytes.length)) {
            return null;
        }
        return new String(data, start, end - start, StandardCharsets.UTF_8);
    }

    /** A field with a quote inside it after unquoted text (rare): read it the general way. */
    private Object quotedAfterAll(byte[] data, int start, int lineEnd) {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        boolean quoted = false;
        for (int i = start; i < lineEnd && (quoted || data[i] != delimiter); i++) {
            byte b = data[i];
            if (quoted && (b == escape || b == quote) && i + 1 < lineEnd && data[i + 1] == quote && (b == escape || escape == quote)) {
                value.write(data[++i]);
            } else if (b == quote) {
                quoted = !quoted;
            } else {
                value.write(b);
            }
        }
        return value.toString(StandardCharsets.UTF_8);
    }

    private static void write(ByteArrayOutputStream value, byte b) {
        if (value != null) {
            value.write(b);
        }
    }

}
