package io.timeshard.sql;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;

/** The one place that quotes identifiers and literals for SQL text timeshard generates. */
public final class SqlText {
    private SqlText() {}

    /** A text array in PostgreSQL's input format, each element quoted: {@code {"a","b \\"c\\""}}. */
    public static String arrayLiteral(java.util.List<String> elements) {
        return elements.stream().map(element -> "\"" + element.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(java.util.stream.Collectors.joining(",", "{", "}"));
    }

    public static String literal(String value) {
        if (value == null) {
            return "NULL";
        }
        if (value.indexOf('\0') >= 0) {
            throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE, "string literal contains a NUL character");
        }
        return "'" + value.replace("'", "''") + "'";
    }

    public static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** The value of a string literal token: 'it''s', E'a\tb', $$...$$. */
    public static String stringValue(SqlToken literal) {
        return TokenCursor.unquote(literal.text());
    }

    /**
     * The same statement for a session with standard_conforming_strings on: there, backslashes
     * escape only in E'...' strings, so every plain string that holds one becomes an escape string.
     * (A string right after a word, such as B'...' or N'...', holds no backslash that matters.)
     */
    public static String withConformingStrings(String sql) {
        StringBuilder rewritten = new StringBuilder(sql.length() + 8);
        int copied = 0;
        SqlToken previous = null;
        for (SqlToken token : SqlTokenizer.tokenizeWithoutConformingStrings(sql)) {
            boolean plain = token.kind() == SqlToken.Kind.STRING && token.text().startsWith("'") && token.text().indexOf('\\') >= 0;
            if (plain && (previous == null || previous.end() < token.start())) {
                rewritten.append(sql, copied, token.start()).append('E');
                copied = token.start();
            }
            previous = token;
        }
        return copied == 0 ? sql : rewritten.append(sql, copied, sql.length()).toString();
    }

    /** schema.name with both parts quoted. */
    public static String qualified(String schema, String name) {
        return identifier(schema) + "." + identifier(name);
    }
}
