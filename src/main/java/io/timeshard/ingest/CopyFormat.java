package io.timeshard.ingest;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.sql.SqlText;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The format of COPY rows: text, csv or binary, with the options that shape them. Rows are
 * forwarded to data nodes in the format they arrived in, so nodes get the same options.
 */
public record CopyFormat(Kind kind, byte delimiter, String nullString, byte quote, byte escape, boolean header) {
    public enum Kind { TEXT, CSV, BINARY }

    public static final CopyFormat BINARY = new CopyFormat(Kind.BINARY, (byte) 0, "", (byte) 0, (byte) 0, false);

    public CopyFormat {
        requireNonNull(kind, "kind is null");
        requireNonNull(nullString, "nullString is null");
    }

    /** From COPY options as the client gave them (see io.timeshard.sql.CopyStatement). */
    public static CopyFormat fromOptions(Map<String, String> options) {
        String format = options.getOrDefault("format", "text").toLowerCase(java.util.Locale.ROOT);
        Kind kind = switch (format) {
            case "text" -> Kind.TEXT;
            case "csv" -> Kind.CSV;
            case "binary" -> Kind.BINARY;
            default -> throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE, "COPY format \"" + format + "\" not recognized");
        };
        for (String option : options.keySet()) {
            if (!List.of("format", "delimiter", "null", "quote", "escape", "header", "encoding", "freeze").contains(option)) {
                throw TimeshardException.of(ErrorCode.FEATURE_NOT_SUPPORTED,
                        "COPY option \"" + option + "\" is not supported on distributed hypertables");
            }
        }
        byte delimiter = singleByte(options.getOrDefault("delimiter", kind == Kind.CSV ? "," : "\t"), "delimiter");
        byte quote = singleByte(options.getOrDefault("quote", "\""), "quote");
        byte escape = singleByte(options.getOrDefault("escape", options.getOrDefault("quote", "\"")), "escape");
        String nullString = options.getOrDefault("null", kind == Kind.CSV ? "" : "\\N");
        boolean header = isTrue(options.get("header"));
        if (kind == Kind.BINARY && (options.containsKey("delimiter") || options.containsKey("null") || header)) {
            throw TimeshardException.of(ErrorCode.SYNTAX_ERROR, "cannot specify DELIMITER, NULL or HEADER in BINARY mode");
        }
        if (kind == Kind.TEXT && header) {
            throw TimeshardException.of(ErrorCode.FEATURE_NOT_SUPPORTED, "COPY HEADER is available only in CSV mode");
        }
        return new CopyFormat(kind, delimiter, nullString, quote, escape, header);
    }

    private static boolean isTrue(String value) {
        return value != null && List.of("true", "on", "1", "yes").contains(value.toLowerCase(java.util.Locale.ROOT));
    }

    private static byte singleByte(String value, String option) {
        if (value.length() != 1 || value.charAt(0) > 127) {
            throw TimeshardException.of(ErrorCode.FEATURE_NOT_SUPPORTED, "COPY " + option + " must be a single one-byte character");
        }
        return (byte) value.charAt(0);
    }

    /** The options clause for the COPY that forwards these rows to a chunk (without HEADER: it is not forwarded). */
    public String nodeOptions() {
        List<String> options = new ArrayList<>();
        options.add("FORMAT " + kind.name().toLowerCase(java.util.Locale.ROOT));
        if (kind != Kind.BINARY) {
            options.add("DELIMITER " + SqlText.literal(String.valueOf((char) delimiter)));
            options.add("NULL " + SqlText.literal(nullString));
        }
        if (kind == Kind.CSV) {
            options.add("QUOTE " + SqlText.literal(String.valueOf((char) quote)));
            options.add("ESCAPE " + SqlText.literal(String.valueOf((char) escape)));
        }
        return "(" + String.join(", ", options) + ")";
    }
}
