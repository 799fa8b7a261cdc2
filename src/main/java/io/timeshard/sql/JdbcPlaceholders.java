package io.timeshard.sql;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * SQL text with PostgreSQL's numbered parameters ($1, $2 ...) turned into JDBC's "?" placeholders,
 * and which client parameter each placeholder takes (a $n may appear more than once).
 */
public record JdbcPlaceholders(String sql, List<Integer> parameterNumbers) {
    public JdbcPlaceholders {
        requireNonNull(sql, "sql is null");
        parameterNumbers = List.copyOf(parameterNumbers);
    }

    public static JdbcPlaceholders of(String sql) {
        StringBuilder text = new StringBuilder();
        List<Integer> numbers = new ArrayList<>();
        int copied = 0;
        for (SqlToken token : SqlTokenizer.tokenize(sql)) {
            if (token.kind() == SqlToken.Kind.PARAMETER) {
                text.append(sql, copied, token.start()).append('?');
                numbers.add(Integer.parseInt(token.text().substring(1)));
                copied = token.end();
            }
        }
        text.append(sql.substring(copied));
        return new JdbcPlaceholders(text.toString(), numbers);
    }

    /** The client's parameter values for these placeholders, in placeholder order. */
    public List<String> values(List<String> clientParameters) {
        List<String> values = new ArrayList<>();
        for (int number : parameterNumbers) {
            values.add(number - 1 < clientParameters.size() ? clientParameters.get(number - 1) : null);
        }
        return values;
    }
}
