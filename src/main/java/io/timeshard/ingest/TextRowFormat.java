package io.timeshard.ingest;


import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** PostgreSQL's text COPY format: one row a line, fields split by the delimiter, backslash escapes. */
final class TextRowFormat implements RowFormat {
    private final byte delimiter;
    private final byte[] nullBytes;

    TextRowFormat(CopyFormat format) {
        this.delimiter = format.delimiter();
        this.nullBytes = format.nullString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int headerLength(byte[] data, int start, int limit) {
        return 0;
    }

    @Override
    public int rowEnd(byte[] data, int start, int limit) {
        for (int i = start; i < limit; i++) {
            if (data[i] == '\n') {
                return RowFormat.isEndMarker(data, start, i) ? END_OF_DATA : i + 1;
            }
        }
        return INCOMPLETE;
    }

    @Override
    public int spans(byte[] data, int start, int end, FieldSpans spans) {
        int lineEnd = RowFormat.lineEnd(data, start, end);
        int count = 0;
        int fieldStart = start;
        boolean escaped = false;
        for (int i = start; i <= lineEnd; i++) {
            if (i == lineEnd || data[i] == delimiter) {
                if (count < spans.size()) {
                    if (escaped) {
                        spans.setText(count, (String) decode(data, fieldStart, i));
                    } else if (i - fieldStart == nullBytes.length && Arrays.equals(data, fieldStart, i, nullBytes, 0, nullBytes.length)) {
                        spans.setText(count, null);
                    } else {
                        spans.setBytes(count, fieldStart, i);
                    }
                }
                count++;
                fieldStart = i + 1;
                escaped = false;
            } else if (data[i] == '\\') {
                escaped = true;
                i++;
            }
        }
        return count;
    }

    private Object decode(byte[] data, int start, int end) {
        if (end - start == nullBytes.length && Arrays.equals(data, start, end, nullBytes, 0, nullBytes.length)) {
            return null;
        }
        ByteArrayOutputStream value = new ByteArrayOutputStream(end - start);
        for (int i = start; i < end; i++) {
            byte b = data[i];
            if (b != '\\' || i + 1 >= end) {
                value.write(b);
                continue;
            }
            byte next = data[++i];
            switch (next) {
                case 'b' -> value.write('\b');
                case 'f' -> value.write('\f');
                case 'n' -> value.write('\n');
                case 'r' -> value.write('\r');
                case 't' -> value.write('\t');
                case 'v' -> value.write(11);
                case 'x' -> {
                    int digits = 0;
                    int code = 0;
                    while (digits < 2 && i + 1 < end && Character.digit(data[i + 1], 16) >= 0) {
                        code = code * 16 + Character.digit(data[++i], 16);
                        digits++;
                    }
                    value.write(digits == 0 ? 'x' : code);
                }
                default -> {
                    if (next >= '0' && next <= '7') {
                        int code = next - '0';
                        for (int digits = 1; digits < 3 && i + 1 < end && data[i + 1] >= '0' && data[i + 1] <= '7'; digits++) {
                            code = code * 8 + data[++i] - '0';
                        }
                        value.write(code);
                    } else {
                        value.write(next);
                    }
                }
            }
        }
        return value.toString(StandardCharsets.UTF_8);
    }

}
