package io.timeshard.sql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LiteralShapeTest {
    @Test
    void statementsDifferingInValuesShareTheirShape() {
        assertThat(LiteralShape.of("SELECT avg(v) FROM t WHERE d = 5 AND time >= '2024-01-01' AND x IN (1, 2) LIMIT 10"))
                .isEqualTo(LiteralShape.of("select avg(v)  FROM t WHERE d = 7 AND time >= E'2025-06-30' AND x IN (3, 4) LIMIT 20"));
        assertThat(LiteralShape.of("SELECT 1 FROM t WHERE v > 2.5 AND w BETWEEN 1 AND 2"))
                .isEqualTo(LiteralShape.of("SELECT 1 FROM t WHERE v > 1e3 AND w BETWEEN 0x10 AND 2_000"));
        assertThat(LiteralShape.of("SELECT 1 FROM t WHERE d = ('x') AND e = ('5'::int4)"))
                .isEqualTo(LiteralShape.of("SELECT 1 FROM t WHERE d = ('y') AND e = ('6'::int4)"));
    }

    @Test
    void keepsWhatDecidesTypesOrMeaning() {
        assertThat(LiteralShape.of("SELECT a FROM t WHERE d = 5")).isNotEqualTo(LiteralShape.of("SELECT a FROM t WHERE d = 5000000000"));
        assertThat(LiteralShape.of("SELECT a FROM t WHERE d = 5000000000"))
                .isNotEqualTo(LiteralShape.of("SELECT a FROM t WHERE d = 50000000000000000000"));
        assertThat(LiteralShape.of("SELECT a FROM t WHERE d = 5")).isNotEqualTo(LiteralShape.of("SELECT a FROM t WHERE d = 5.0"));
        assertThat(LiteralShape.of("SELECT a, b FROM t GROUP BY 1 ORDER BY 1"))
                .isNotEqualTo(LiteralShape.of("SELECT a, b FROM t GROUP BY 2 ORDER BY 1"));
        assertThat(LiteralShape.of("SELECT a::numeric(10, 2) FROM t")).isNotEqualTo(LiteralShape.of("SELECT a::numeric(12, 2) FROM t"));
        assertThat(LiteralShape.of("SELECT B'101' FROM t")).isNotEqualTo(LiteralShape.of("SELECT B'1011' FROM t"));
        assertThat(LiteralShape.of("SELECT a FROM t WHERE d = -2147483648"))
                .isNotEqualTo(LiteralShape.of("SELECT a FROM t WHERE d = -2147483647"));
        assertThat(LiteralShape.of("SELECT a FROM t WHERE d = $1")).isNotEqualTo(LiteralShape.of("SELECT a FROM t WHERE d = $2"));
    }
}
