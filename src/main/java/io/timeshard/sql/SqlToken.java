package io.timeshard.sql;

import static java.util.Objects.requireNonNull;

/** One lexical token of a SQL statement, with its place in the text and its parenthesis depth. */
public record SqlToken(Kind kind, String text, int start, int end, int depth) {
    public enum Kind { WORD, QUOTED_IDENTIFIER, STRING, NUMBER, PARAMETER, OPERATOR, OPEN, CLOSE, COMMA, DOT, SEMICOLON }

    public SqlToken {
        requireNonNull(kind, "kind is null");
        requireNonNull(text, "text is null");
    }

    /** True for an unquoted word equal to {@code keyword}, ignoring case. */
    public boolean isKeyword(String keyword) {
        return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    /** The name this token denotes as an identifier: folded to lower case unless quoted. */
    public String identifier() {
        return switch (kind) {
            case QUOTED_IDENTIFIER -> text.substring(1, text.length() - 1).replace("\"\"", "\"");
            case WORD -> text.toLowerCase(java.util.Locale.ROOT);
            default -> text;
        };
    }

    public boolean isIdentifier() {
        return kind == Kind.WORD || kind == Kind.QUOTED_IDENTIFIER;
    }
}
