package io.timeshard.sql;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DimensionPredicateTest {
    private static List<DimensionPredicate> where(String sql) {
        List<SqlToken> tokens = SqlTokenizer.tokenize(sql);
        int where = 0;
        while (!tokens.get(where).isKeyword("where")) {
            where++;
        }
        return DimensionPredicate.read(tokens, where, Set.of("time", "location"), Set.of("c", "conditions"), true);
    }

    private static DimensionPredicate.Constant literal(String text) {
        return new DimensionPredicate.Constant(Optional.of(text), Optional.empty());
    }

    @Test
    void readsComparisonsBetweenAndInJoinedByAnd() {
        assertThat(where("DELETE FROM conditions WHERE time >= '2024-01-01' AND c.location IN ('a', 'b') AND time BETWEEN $1 AND 5"))
                .containsExactly(
                        new DimensionPredicate("time", ">=", List.of(literal("2024-01-01"))),
                        new DimensionPredicate("location", "=", List.of(literal("a"), literal("b"))),
                        new DimensionPredicate("time", ">=", List.of(new DimensionPredicate.Constant(Optional.empty(), Optional.of(1)))),
                        new DimensionPredicate("time", "<=", List.of(literal("5"))));
    }

    @Test
    void ignoresWhatItCannotUseSafely() {
        assertThat(where("DELETE FROM conditions WHERE time > '2024-01-01' OR location = 'x'")).isEmpty();
        assertThat(where("DELETE FROM conditions WHERE NOT time > '2024-01-01'")).isEmpty();
        assertThat(where("DELETE FROM conditions WHERE time > now() - interval '1 day' AND temperature > 3")).isEmpty();
        assertThat(where("DELETE FROM conditions WHERE other.time > '2024-01-01'")).isEmpty();
        assertThat(where("DELETE FROM conditions WHERE (time > '2024-01-01' OR true) AND location = 'x'"))
                .containsExactly(new DimensionPredicate("location", "=", List.of(literal("x"))));
        assertThat(where("DELETE FROM conditions WHERE time + interval '1 day' > '2024-01-01'")).isEmpty();
    }

    @Test
    void readsExpressionsOfLiteralsAndParametersWithParentheses() {
        assertThat(where("SELECT 1 FROM conditions WHERE time >= timestamptz '2024-01-01' + $2 * interval '1 hour'"
                + " AND time < timestamptz '2024-01-01' + ($2 + 6) * interval '1 hour' AND location = $1"))
                .containsExactly(
                        new DimensionPredicate("time", ">=", List.of(expression("timestamptz '2024-01-01' + $2 * interval '1 hour'"))),
                        new DimensionPredicate("time", "<", List.of(expression("timestamptz '2024-01-01' + ( $2 + 6 ) * interval '1 hour'"))),
                        new DimensionPredicate("location", "=", List.of(new DimensionPredicate.Constant(Optional.empty(), Optional.of(1)))));
        assertThat(where("SELECT 1 FROM conditions WHERE time > (SELECT max(time) FROM other)")).isEmpty();
        assertThat(where("SELECT 1 FROM conditions WHERE time > $1 + (2")).isEmpty();
    }

    private static DimensionPredicate.Constant expression(String text) {
        return new DimensionPredicate.Constant(Optional.empty(), Optional.empty(), Optional.of(text));
    }

    @Test
    void readsAConstantInParenthesesAsPgjdbcSendsParametersInTheSimpleProtocol() {
        assertThat(where("SELECT 1 FROM conditions WHERE location = ('x') AND time IN (('2024-01-01'::timestamptz), ('5'))"))
                .containsExactly(
                        new DimensionPredicate("location", "=", List.of(literal("x"))),
                        new DimensionPredicate("time", "=", List.of(new DimensionPredicate.Constant(Optional.of("2024-01-01"), Optional.empty(),
                                Optional.of("'2024-01-01' :: timestamptz")), literal("5"))));
    }

    @Test
    void stopsAtTheEndOfTheWhereClause() {
        assertThat(where("UPDATE conditions SET temperature = 1 WHERE location = 'x' RETURNING time"))
                .containsExactly(new DimensionPredicate("location", "=", List.of(literal("x"))));
    }
}
