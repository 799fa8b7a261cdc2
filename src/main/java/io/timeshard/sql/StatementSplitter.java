package io.timeshard.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a simple-query string into its statements at top-level semicolons, skipping
 * quoted strings, quoted identifiers, dollar-quoted bodies and comments as PostgreSQL's lexer does.
 */
public final class StatementSplitter {
    private StatementSplitter() {}

    /** The non-blank statements, without their terminating semicolons. */
    public static List<String> split(String sql) {
        List<String> statements = new ArrayList<>();
        int start = 0;
        int i = 0;
        int length = sql.length();
        while (i < length) {
            char c = sql.charAt(i);
            if (c == '\'') {
                i = skipQuoted(sql, i, '\'', isEscapeString(sql, i));
            } else if (c == '"') {
                i = skipQuoted(sql, i, '"', false);
            } else if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? length : end + 1;
            } else if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
                i = skipBlockComment(sql, i);
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int end = sql.indexOf(tag, i + tag.length());
                i = end < 0 ? length : end + tag.length();
            } else if (c == ';') {
                addIfNotBlank(statements, sql.substring(start, i));
                start = ++i;
            } else {
                i++;
            }
        }
        addIfNotBlank(statements, sql.substring(start));
        return statements;
    }

    /** True when the text holds nothing but whitespace and comments. */
    public static boolean isBlank(String sql) {
        return split(sql).isEmpty();
    }

    private static void addIfNotBlank(List<String> statements, String statement) {
        if (!stripComments(statement).isBlank()) {
            statements.add(statement.strip());
        }
    }

    private static String stripComments(String statement) {
        StringBuilder kept = new StringBuilder();
        int i = 0;
        while (i < statement.length()) {
            char c = statement.charAt(i);
            if (c == '-' && i + 1 < statement.length() && statement.charAt(i + 1) == '-') {
                int end = statement.indexOf('\n', i);
                i = end < 0 ? statement.length() : end + 1;
            } else if (c == '/' && i + 1 < statement.length() && statement.charAt(i + 1) == '*') {
                i = skipBlockComment(statement, i);
            } else {
                kept.append(c);
                i++;
            }
        }
        return kept.toString();
    }

    private static boolean isEscapeString(String sql, int quote) {
        return quote > 0 && (sql.charAt(quote - 1) == 'E' || sql.charAt(quote - 1) == 'e')
                && (quote == 1 || !Character.isLetterOrDigit(sql.charAt(quote - 2)) && sql.charAt(quote - 2) != '_');
    }

    private static int skipQuoted(String sql, int open, char quote, boolean backslashEscapes) {
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

    private static int skipBlockComment(String sql, int open) {
        int depth = 0;
        int i = open;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    /** The dollar-quote tag starting at {@code i} ("$$" or "$name$"), or null if none starts there. */
    private static String dollarTag(String sql, int i) {
        if (i > 0 && (Character.isLetterOrDigit(sql.charAt(i - 1)) || sql.charAt(i - 1) == '_')) {
            return null;
        }
        int j = i + 1;
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            if (j == i + 1 && Character.isDigit(sql.charAt(j))) {
                return null;
            }
            j++;
        }
        return j < sql.length() && sql.charAt(j) == '$' ? sql.substring(i, j + 1) : null;
    }
}
