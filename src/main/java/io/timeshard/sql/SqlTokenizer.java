package io.timeshard.sql;

import io.timeshard.sql.SqlToken.Kind;

import java.util.ArrayList;
import java.util.List;

/** Splits SQL text into tokens as PostgreSQL's lexer does, skipping whitespace and comments. */
public final class SqlTokenizer {
    private static final String OPERATOR_CHARACTERS = "+-*/<>=~!@#%^&|`?:[]";

    private final String sql;
    /** standard_conforming_strings off: backslashes escape in '...' strings too. */
    private final boolean backslashesInPlainStrings;
    private int position;
    private int depth;

    private SqlTokenizer(String sql, boolean backslashesInPlainStrings) {
        this.sql = sql;
        this.backslashesInPlainStrings = backslashesInPlainStrings;
    }

    public static List<SqlToken> tokenize(String sql) {
        return new SqlTokenizer(sql, false).all();
    }

    /** Tokens as PostgreSQL reads them with standard_conforming_strings off. */
    static List<SqlToken> tokenizeWithoutConformingStrings(String sql) {
        return new SqlTokenizer(sql, true).all();
    }

    private List<SqlToken> all() {
        List<SqlToken> tokens = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (position >= sql.length()) {
                return tokens;
            }
            tokens.add(next());
        }
    }

    private SqlToken next() {
        int start = position;
        char c = sql.charAt(position);
        if (c == '(') {
            position++;
            return new SqlToken(Kind.OPEN, "(", start, position, depth++);
        }
        if (c == ')') {
            position++;
            depth = Math.max(0, depth - 1);
            return new SqlToken(Kind.CLOSE, ")", start, position, depth);
        }
        if (c == ',' || c == ';' || (c == '.' && !nextIsDigit())) {
            position++;
            Kind kind = c == ',' ? Kind.COMMA : c == ';' ? Kind.SEMICOLON : Kind.DOT;
            return token(kind, start);
        }
        if (c == '\'') {
            position = skipQuoted(position, '\'', backslashesInPlainStrings);
            return token(Kind.STRING, start);
        }
        if ((c == 'E' || c == 'e') && peek(1) == '\'') {
            position = skipQuoted(position + 1, '\'', true);
            return token(Kind.STRING, start);
        }
        if (c == '"') {
            position = skipQuoted(position, '"', false);
            return token(Kind.QUOTED_IDENTIFIER, start);
        }
        if (c == '$') {
            return dollar(start);
        }
        if (Character.isDigit(c) || c == '.') {
            while (position < sql.length() && (Character.isLetterOrDigit(sql.charAt(position)) || sql.charAt(position) == '.'
                    || sql.charAt(position) == '_' || isExponentSign())) {
                position++;
            }
            return token(Kind.NUMBER, start);
        }
        if (Character.isLetter(c) || c == '_' || c > 127) {
            while (position < sql.length() && isWordCharacter(sql.charAt(position))) {
                position++;
            }
            return token(Kind.WORD, start);
        }
        if (OPERATOR_CHARACTERS.indexOf(c) >= 0) {
            while (position < sql.length() && OPERATOR_CHARACTERS.indexOf(sql.charAt(position)) >= 0 && !startsComment()) {
                position++;
            }
            return token(Kind.OPERATOR, start);
        }
        position++;
        return token(Kind.OPERATOR, start);
    }

    private SqlToken dollar(int start) {
        int j = position + 1;
        if (j < sql.length() && Character.isDigit(sql.charAt(j))) {
            while (j < sql.length() && Character.isDigit(sql.charAt(j))) {
                j++;
            }
            position = j;
            return token(Kind.PARAMETER, start);
        }
        while (j < sql.length() && isWordCharacter(sql.charAt(j)) && sql.charAt(j) != '$') {
            j++;
        }
        if (j < sql.length() && sql.charAt(j) == '$') {
            String tag = sql.substring(position, j + 1);
            int end = sql.indexOf(tag, j + 1);
            position = end < 0 ? sql.length() : end + tag.length();
            return token(Kind.STRING, start);
        }
        position++;
        return token(Kind.OPERATOR, start);
    }

    private SqlToken token(Kind kind, int start) {
        return new SqlToken(kind, sql.substring(start, position), start, position, depth);
    }

    private boolean isExponentSign() {
        char c = sql.charAt(position);
        return (c == '+' || c == '-') && position > 0 && (sql.charAt(position - 1) == 'e' || sql.charAt(position - 1) == 'E');
    }

    private boolean nextIsDigit() {
        return position + 1 < sql.length() && Character.isDigit(sql.charAt(position + 1));
    }

    private char peek(int offset) {
        return position + offset < sql.length() ? sql.charAt(position + offset) : 0;
    }

    private static boolean isWordCharacter(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 127;
    }

    private boolean startsComment() {
        return sql.startsWith("--", position) || sql.startsWith("/*", position);
    }

    private void skipSpaceAndComments() {
        while (position < sql.length()) {
            char c = sql.charAt(position);
            if (Character.isWhitespace(c)) {
                position++;
            } else if (sql.startsWith("--", position)) {
                int end = sql.indexOf('\n', position);
                position = end < 0 ? sql.length() : end + 1;
            } else if (sql.startsWith("/*", position)) {
                int nesting = 0;
                do {
                    if (sql.startsWith("/*", position)) {
                        nesting++;
                        position += 2;
                    } else if (sql.startsWith("*/", position)) {
                        nesting--;
                        position += 2;
                    } else {
                        position++;
                    }
                } while (nesting > 0 && position < sql.length());
            } else {
                return;
            }
        }
    }

    private int skipQuoted(int open, char quote, boolean backslashEscapes) {
        int i = open + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }
}
