package io.timeshard.sql;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;

/** The one place that quotes identifiers and literals for SQL text timeshard generates. */
public final class SqlText {
    private SqlText() {}

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

    /** schema.name with both parts quoted. */
    public static String qualified(String schema, String name) {
        return identifier(schema) + "." + identifier(name);
    }
}
