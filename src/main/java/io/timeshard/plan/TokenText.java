package io.timeshard.plan;

import io.timeshard.sql.SelectQuery;
import io.timeshard.sql.SelectQuery.Span;
import io.timeshard.sql.SqlToken;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Compares expressions by their tokens, ignoring case, spacing and the table's own qualifier ("c.location" = "location"). */
final class TokenText {
    private TokenText() {}

    static List<String> normalized(SelectQuery query, Span span) {
        List<String> words = new ArrayList<>();
        for (int i = span.from(); i < span.to(); i++) {
            if (isQualifier(query, i, span.to())) {
                i++;
                continue;
            }
            words.add(word(query.tokens().get(i)));
        }
        return words;
    }

    /** The end of a match of {@code wanted} starting at token {@code start} and not passing {@code limit}, or -1. */
    static int matchAt(SelectQuery query, int start, int limit, List<String> wanted) {
        int i = start;
        for (String word : wanted) {
            if (i < limit && isQualifier(query, i, limit)) {
                i += 2;
            }
            if (i >= limit || !word(query.tokens().get(i)).equals(word)) {
                return -1;
            }
            i++;
        }
        return i;
    }

    /** True for "qualifier ." in front of a column, where the qualifier is the table's alias or name. */
    private static boolean isQualifier(SelectQuery query, int i, int limit) {
        List<SqlToken> tokens = query.tokens();
        if (i + 2 >= limit || !tokens.get(i).isIdentifier() || tokens.get(i + 1).kind() != SqlToken.Kind.DOT
                || !tokens.get(i + 2).isIdentifier()) {
            return false;
        }
        String name = tokens.get(i).identifier();
        return name.equals(query.qualifier()) || name.equals(query.tableName().name());
    }

    private static String word(SqlToken token) {
        return switch (token.kind()) {
            case WORD -> token.text().toLowerCase(Locale.ROOT);
            case QUOTED_IDENTIFIER -> token.identifier();
            default -> token.text();
        };
    }
}
