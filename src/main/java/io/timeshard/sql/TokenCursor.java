package io.timeshard.sql;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.sql.SqlToken.Kind;

import java.util.List;

/** Walks a token list for the small hand-written parsers (COPY, INSERT, ...). */
final class TokenCursor {
    private final List<SqlToken> tokens;
    private int position;

    TokenCursor(List<SqlToken> tokens) {
        this.tokens = tokens;
    }

    boolean atEnd() {
        return position >= tokens.size() || tokens.get(position).kind() == Kind.SEMICOLON;
    }

    SqlToken current() {
        if (atEnd()) {
            throw TimeshardException.of(ErrorCode.SYNTAX_ERROR, "syntax error at end of input");
        }
        return tokens.get(position);
    }

    int index() {
        return position;
    }

    boolean peek(Kind kind) {
        return !atEnd() && tokens.get(position).kind() == kind;
    }

    boolean peekKeyword(String keyword) {
        return !atEnd() && tokens.get(position).isKeyword(keyword);
    }

    boolean peekIdentifier() {
        return !atEnd() && tokens.get(position).isIdentifier();
    }

    boolean accept(Kind kind) {
        if (peek(kind)) {
            position++;
            return true;
        }
        return false;
    }

    boolean acceptKeyword(String keyword) {
        if (peekKeyword(keyword)) {
            position++;
            return true;
        }
        return false;
    }

    void expect(Kind kind) {
        if (!accept(kind)) {
            throw unexpected();
        }
    }

    void expectEnd() {
        if (!atEnd()) {
            throw unexpected();
        }
    }

    String identifier() {
        SqlToken token = current();
        if (!token.isIdentifier()) {
            throw unexpected();
        }
        position++;
        return token.identifier();
    }

    String word() {
        SqlToken token = current();
        if (token.kind() != Kind.WORD) {
            throw unexpected();
        }
        position++;
        return token.text();
    }

    /** An option value: a string literal (unquoted), a number or a word. */
    String optionValue() {
        SqlToken token = current();
        position++;
        return switch (token.kind()) {
            case STRING -> unquote(token.text());
            case NUMBER, WORD -> token.text();
            default -> throw TimeshardException.of(ErrorCode.SYNTAX_ERROR, "syntax error at or near \"" + token.text() + "\"");
        };
    }

    void skipTo(int index) {
        position = index;
    }

    private TimeshardException unexpected() {
        return TimeshardException.of(ErrorCode.SYNTAX_ERROR, atEnd() ? "syntax error at end of input"
                : "syntax error at or near \"" + tokens.get(position).text() + "\"");
    }

    /** The value of a string literal: 'it''s', E'a\tb' (PostgreSQL's escapes), $$...$$. */
    static String unquote(String literal) {
        if (literal.startsWith("$")) {
            int tagEnd = literal.indexOf('$', 1) + 1;
            return literal.substring(tagEnd, literal.length() - tagEnd);
        }
        if (literal.startsWith("E") || literal.startsWith("e")) {
            return EscapeString.value(literal.substring(2, literal.length() - 1));
        }
        return literal.substring(1, literal.length() - 1).replace("''", "'");
    }
}
