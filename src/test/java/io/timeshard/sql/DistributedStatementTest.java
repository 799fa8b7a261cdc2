package io.timeshard.sql;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

class DistributedStatementTest {
    private static final Predicate<QualifiedName> CONDITIONS = Set.of(new QualifiedName(Optional.empty(), "conditions"),
            new QualifiedName(Optional.of("public"), "conditions"))::contains;

    @Test
    void putsOnlyBeforeEveryHypertableOfATruncate() {
        assertThat(only("TRUNCATE conditions")).isEqualTo("TRUNCATE ONLY conditions");
        assertThat(only("TRUNCATE TABLE local, public.conditions RESTART IDENTITY"))
                .isEqualTo("TRUNCATE TABLE local, ONLY public.conditions RESTART IDENTITY");
        assertThat(only("TRUNCATE ONLY conditions, local")).isEqualTo("TRUNCATE ONLY conditions, local");
    }

    @Test
    void dropsTheUsingExpressionsOfColumnTypeChanges() {
        assertThat(withoutConversions("ALTER TABLE conditions ALTER COLUMN v TYPE bigint USING v::bigint * 2"))
                .isEqualTo("ALTER TABLE conditions ALTER COLUMN v TYPE bigint ");
        assertThat(withoutConversions("ALTER TABLE conditions ALTER v SET DATA TYPE int USING round(v, 0), ADD COLUMN w int"))
                .isEqualTo("ALTER TABLE conditions ALTER v SET DATA TYPE int , ADD COLUMN w int");
        String exclusion = "ALTER TABLE conditions ADD CONSTRAINT c EXCLUDE USING gist (p WITH &&)";
        assertThat(withoutConversions(exclusion)).isEqualTo(exclusion);
    }

    private static String only(String sql) {
        return DistributedStatement.onlyHypertables(sql, SqlTokenizer.tokenize(sql), CONDITIONS);
    }

    private static String withoutConversions(String sql) {
        return DistributedStatement.withoutTypeConversions(sql, SqlTokenizer.tokenize(sql));
    }
}
