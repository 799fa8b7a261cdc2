package io.timeshard.protocol;

import io.timeshard.error.TimeshardException;

import java.util.LinkedHashMap;
import java.util.Map;

/** The fields of an ErrorResponse or NoticeResponse, keyed by their one-letter codes. */
public record ErrorFields(Map<Character, String> fields) {
    public static final char SEVERITY = 'S';
    public static final char SEVERITY_NONLOCALIZED = 'V';
    public static final char CODE = 'C';
    public static final char MESSAGE = 'M';
    public static final char DETAIL = 'D';
    public static final char HINT = 'H';
    public static final char CONTEXT = 'W';

    public ErrorFields {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static ErrorFields decode(PgMessage message) {
        return decode(message, ClientEncoding.UTF8);
    }

    public static ErrorFields decode(PgMessage message, ClientEncoding encoding) {
        PayloadReader reader = message.reader(encoding);
        Map<Character, String> fields = new LinkedHashMap<>();
        while (reader.remaining() > 0) {
            byte code = reader.readByte();
            if (code == 0) {
                break;
            }
            fields.put((char) code, reader.readCString());
        }
        return new ErrorFields(fields);
    }

    public static ErrorFields of(String severity, TimeshardException error) {
        Map<Character, String> fields = new LinkedHashMap<>();
        fields.put(SEVERITY, severity);
        fields.put(SEVERITY_NONLOCALIZED, severity);
        fields.put(CODE, error.sqlState());
        fields.put(MESSAGE, error.getMessage());
        error.detail().ifPresent(detail -> fields.put(DETAIL, detail));
        error.hint().ifPresent(hint -> fields.put(HINT, hint));
        error.context().ifPresent(context -> fields.put(CONTEXT, context));
        return new ErrorFields(fields);
    }

    public PgMessage encode(char type) {
        return encode(type, ClientEncoding.UTF8);
    }

    /** In the client's encoding; what it cannot hold becomes '?', so that the report reaches the client. */
    public PgMessage encode(char type, ClientEncoding encoding) {
        PayloadWriter writer = new PayloadWriter();
        fields.forEach((code, value) -> writer.byte1(code).bytes(encoding.encodeLeniently(value)).byte1(0));
        return writer.byte1(0).toMessage(type);
    }

    public String sqlState() {
        return fields.getOrDefault(CODE, "XX000");
    }

    public String message() {
        return fields.getOrDefault(MESSAGE, "");
    }

    public String get(char code) {
        return fields.get(code);
    }
}
