package io.timeshard.plan;

import io.timeshard.sql.SelectQuery;
import io.timeshard.sql.SelectQuery.Span;
import io.timeshard.sql.SqlToken;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes parts of a query's text with some token ranges replaced (a constant for now(), a partial
 * column for a group key ...), keeping everything else as the client wrote it.
 */
final class SqlRenderer {
    private record Replacement(int end, String text) {}

    private final SelectQuery query;
    private final TreeMap<Integer, Replacement> replacements = new TreeMap<>();

    SqlRenderer(SelectQuery query) {
        this.query = query;
    }

    /** Replaces tokens [from, to) by {@code text}; ranges must not overlap. */
    SqlRenderer replace(int from, int to, String text) {
        replacements.put(from, new Replacement(to, text));
        return this;
    }

    boolean replaced(int tokenIndex) {
        Map.Entry<Integer, Replacement> entry = replacements.floorEntry(tokenIndex);
        return entry != null && tokenIndex < entry.getValue().end();
    }

    String render(Span span) {
        List<SqlToken> tokens = query.tokens();
        String sql = query.sql();
        StringBuilder text = new StringBuilder();
        int i = span.from();
        while (i < span.to()) {
            if (i > span.from()) {
                text.append(sql, tokens.get(i - 1).end(), tokens.get(i).start());
            }
            Replacement replacement = replacements.get(i);
            if (replacement != null) {
                text.append(replacement.text());
                i = replacement.end();
            } else {
                text.append(tokens.get(i).text());
                i++;
            }
        }
        return text.toString();
    }
}
