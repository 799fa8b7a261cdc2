package io.timeshard.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a simple-query string into its statements at semicolons outside quoted strings,
 * quoted identifiers, dollar-quoted bodies and comments, as PostgreSQL's lexer does.
 */
public final class StatementSplitter {
    private StatementSplitter() {}

    /** The non-blank statements, without their terminating semicolons. */
    public static List<String> split(String sql) {
        List<String> statements = new ArrayList<>();
        int start = 0;
        for (SqlToken token : SqlTokenizer.tokenize(sql)) {
            if (token.kind() == SqlToken.Kind.SEMICOLON) {
                addIfNotBlank(statements, sql.substring(start, token.start()));
                start = token.end();
            }
        }
        addIfNotBlank(statements, sql.substring(start));
        return statements;
    }

    /** True when the text holds nothing but whitespace and comments. */
    public static boolean isBlank(String sql) {
        return SqlTokenizer.tokenize(sql).isEmpty();
    }

    private static void addIfNotBlank(List<String> statements, String statement) {
        if (!isBlank(statement)) {
            statements.add(statement.strip());
        }
    }
}
