package io.timeshard.sql;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The value of an E'...' string's body, with PostgreSQL's backslash escapes: hexadecimal and octal
 * escapes give bytes (which must form UTF-8, the database's encoding), Unicode escapes characters.
 */
final class EscapeString {
    private final String body;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private int position;

    private EscapeString(String body) {
        this.body = body;
    }

    static String value(String body) {
        return body.indexOf('\\') < 0 ? body.replace("''", "'") : new EscapeString(body).read();
    }

    private String read() {
        while (position < body.length()) {
            char c = body.charAt(position++);
            if (c == '\'' && position < body.length() && body.charAt(position) == '\'') {
                position++;
                append("'");
            } else if (c == '\\' && position < body.length()) {
                escape(body.charAt(position++));
            } else {
                append(String.valueOf(c));
            }
        }
        return decoded();
    }

    private void escape(char next) {
        switch (next) {
            case 'b' -> append("\b");
            case 'f' -> append("\f");
            case 'n' -> append("\n");
            case 'r' -> append("\r");
            case 't' -> append("\t");
            case 'x' -> {
                int digits = digits(16, 2);
                if (digits == 0) {
                    append("x");
                } else {
                    appendByte(Integer.parseInt(body.substring(position - digits, position), 16));
                }
            }
            case 'u' -> appendUnicode(fixedHex(4));
            case 'U' -> appendUnicode(fixedHex(8));
            default -> {
                if (next >= '0' && next <= '7') {
                    position--;
                    int digits = digits(8, 3);
                    appendByte(Integer.parseInt(body.substring(position - digits, position), 8) & 0xff);
                } else {
                    append(String.valueOf(next));
                }
            }
        }
    }

    private void appendUnicode(int codePoint) {
        if (Character.isHighSurrogate((char) codePoint) && body.startsWith("\\u", position)) {
            position += 2;
            int low = fixedHex(4);
            if (!Character.isLowSurrogate((char) low)) {
                throw TimeshardException.of(ErrorCode.SYNTAX_ERROR, "invalid Unicode surrogate pair");
            }
            codePoint = Character.toCodePoint((char) codePoint, (char) low);
        }
        if (codePoint == 0 || codePoint > Character.MAX_CODE_POINT || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
            throw TimeshardException.of(ErrorCode.SYNTAX_ERROR, "invalid Unicode escape value");
        }
        append(Character.toString(codePoint));
    }

    /** Reads up to {@code max} digits of {@code radix}; returns how many. */
    private int digits(int radix, int max) {
        int start = position;
        while (position < body.length() && position - start < max && Character.digit(body.charAt(position), radix) >= 0) {
            position++;
        }
        return position - start;
    }

    private int fixedHex(int count) {
        if (digits(16, count) != count) {
            throw TimeshardException.of(ErrorCode.SYNTAX_ERROR, "invalid Unicode escape")
                    .withHint("Unicode escapes must be \\uXXXX or \\UXXXXXXXX.");
        }
        return (int) Long.parseLong(body.substring(position - count, position), 16);
    }

    private void append(String text) {
        bytes.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private void appendByte(int value) {
        if (value == 0) {
            throw TimeshardException.of(ErrorCode.CHARACTER_NOT_IN_REPERTOIRE, "invalid byte sequence for encoding \"UTF8\": 0x00");
        }
        bytes.write(value);
    }

    private String decoded() {
        ByteBuffer in = ByteBuffer.wrap(bytes.toByteArray());
        CharBuffer out = CharBuffer.allocate(in.remaining());
        CoderResult result = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in, out, true);
        if (result.isError()) {
            StringBuilder shown = new StringBuilder();
            for (int i = in.position(); i < Math.min(in.limit(), in.position() + result.length()); i++) {
                shown.append(shown.isEmpty() ? "" : " ").append(String.format("0x%02x", in.get(i) & 0xff));
            }
            throw TimeshardException.of(ErrorCode.CHARACTER_NOT_IN_REPERTOIRE, "invalid byte sequence for encoding \"UTF8\": " + shown);
        }
        return out.flip().toString();
    }
}
