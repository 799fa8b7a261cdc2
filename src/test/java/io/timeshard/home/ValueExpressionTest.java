package io.timeshard.home;

import io.timeshard.sql.SqlToken;
import io.timeshard.sql.SqlTokenizer;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** What the access node computes itself; IngestIntegrationTest compares the same expressions with PostgreSQL's results. */
class ValueExpressionTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** 2024-01-08 00:00:00+00 */
    private static final long NOW = 1_704_672_000_000_000L;

    @Test
    void computesTimesIntervalsAndIntegers() {
        assertThat(evaluate("timestamptz '2024-01-08 00:00:00+00' + 12345 * interval '1 millisecond'", "timestamp with time zone"))
                .contains("2024-01-08 00:00:12.345+00");
        assertThat(evaluate("now() - $1 * interval '1 ms'", "timestamp with time zone")).contains("2024-01-07 23:59:59.993+00");
        assertThat(evaluate("CURRENT_TIMESTAMP + interval '1 hour 30 min'", "timestamp with time zone")).contains("2024-01-08 01:30:00+00");
        assertThat(evaluate("'2024-01-08 01:00'::timestamptz", "timestamp with time zone")).contains("2024-01-08 00:00:00+00");
        assertThat(evaluate("CAST('2024-01-08 00:00+00' AS timestamp with time zone) + interval '-1 us'", "timestamp with time zone"))
                .contains("2024-01-07 23:59:59.999999+00");
        assertThat(evaluate("$2 % 100", "integer")).contains("42");
        assertThat(evaluate("-7 / 2", "integer")).contains("-3");
        assertThat(evaluate("-7 % 3", "bigint")).contains("-1");
        assertThat(evaluate("(1 + 2) * -3", "double precision")).contains("-9");
        assertThat(evaluate("2147483647 + 1::int8", "bigint")).isEmpty(); // a cast of an integer: PostgreSQL's
        assertThat(evaluate("2147483648 + 1", "bigint")).contains("2147483649");
        assertThat(evaluate("$1 * 2.5", "double precision")).contains("17.5");
        assertThat(evaluate("$1 * 2.50", "numeric")).contains("17.50");
        assertThat(evaluate("1e3 * 2.5 - 0.25", "numeric")).contains("2499.75");
        assertThat(evaluate("0.1 + 0.2", "double precision")).contains("0.3");
        assertThat(evaluate("-0.1", "real")).map(Float::parseFloat).contains(-0.1f);
        assertThat(evaluate("1e400", "double precision")).isEmpty(); // out of range in PostgreSQL
        assertThat(evaluate("1e-400", "double precision")).isEmpty();
        assertThat(evaluate("2.5", "integer")).isEmpty(); // rounded by PostgreSQL
        // pgjdbc's simple protocol sends parameters so:
        assertThat(evaluate("timestamptz '2024-01-08 00:00:00+00' + ('12345'::int4) * interval '1 millisecond'",
                "timestamp with time zone")).contains("2024-01-08 00:00:12.345+00");
        assertThat(evaluate("('12.25'::float8)", "double precision")).contains("12.25");
        assertThat(evaluate("('12.25'::double precision)", "double precision")).contains("12.25");
        assertThat(evaluate("('-5'::int4) % 3", "integer")).contains("-2");
        assertThat(evaluate("('3'::int8) * ('0.5'::float8)", "real")).contains("1.5");
        assertThat(evaluate("('1e308'::float8) * 10", "double precision")).isEmpty(); // overflow: PostgreSQL fails it
        assertThat(evaluate("('2.5'::float8)", "numeric")).isEmpty();
        assertThat(evaluate("('0x1F'::int4)", "integer")).isEmpty();
        assertThat(evaluate("('1e-400'::float8)", "double precision")).isEmpty();
        // Untyped parameters as PostgreSQL types them: unknown * interval is float8 * interval, unknown * 0.25 numeric * numeric.
        List<SqlToken> tokens = SqlTokenizer.tokenize("now() - $1 * interval '1 millisecond'");
        assertThat(ValueExpression.evaluate(tokens, 0, tokens.size(), "timestamp with time zone", List.of("1500.5"), List.of(701), BERLIN,
                OptionalLong.of(NOW))).contains("2024-01-07 23:59:58.4995+00");
        tokens = SqlTokenizer.tokenize("$1 * 0.25");
        assertThat(ValueExpression.evaluate(tokens, 0, tokens.size(), "double precision", List.of("7"), List.of(1700), BERLIN,
                OptionalLong.of(NOW))).contains("1.75");
        assertThat(ValueExpression.evaluate(tokens, 0, tokens.size(), "double precision", List.of("7"), List.of(25), BERLIN,
                OptionalLong.of(NOW))).isEmpty(); // a text parameter
    }

    @Test
    void leavesToPostgresWhatItWouldFailOrComputeDifferently() {
        for (String expression : List.of("2147483647 + 1", "1 / 0", "interval '1 day' + now()", "now() + interval '1 mon'",
                "now() - now()", "timestamp '2024-01-01'", "'2024-01-08'::date", "now()::date", "interval '1.5 seconds' * 2",
                "interval '-1 hour 30 minutes' + now()", "9223372036854775807 * interval '1 hour' + now()", "1.5 * 2", "random()",
                "now() + interval '3000000 hours' * 3000", "timestamptz '01/02/2024'", "'x' || 'y'", "now() +")) {
            assertThat(evaluate(expression, "timestamp with time zone")).as(expression).isEmpty();
            assertThat(evaluate(expression, "integer")).as(expression).isEmpty();
        }
        assertThat(evaluate("now()", "timestamp with time zone", OptionalLong.empty())).isEmpty(); // inside a transaction block
        assertThat(evaluate("now()", "timestamp without time zone")).isEmpty();
        assertThat(evaluate("9007199254740993", "double precision")).isEmpty(); // rounds
        assertThat(evaluate("16777217", "real")).isEmpty();
    }

    private static Optional<String> evaluate(String expression, String columnType) {
        return evaluate(expression, columnType, OptionalLong.of(NOW));
    }

    private static Optional<String> evaluate(String expression, String columnType, OptionalLong now) {
        List<SqlToken> tokens = SqlTokenizer.tokenize(expression);
        return ValueExpression.evaluate(tokens, 0, tokens.size(), columnType, List.of("7", "1042"), List.of(23, 0), BERLIN, now);
    }
}
