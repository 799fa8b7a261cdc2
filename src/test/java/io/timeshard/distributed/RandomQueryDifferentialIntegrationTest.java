package io.timeshard.distributed;

import io.timeshard.distributed.RandomQueries.Order;
import io.timeshard.distributed.RandomQueries.RandomQuery;
import io.timeshard.distributed.RandomQueryReport.Outcome;
import io.timeshard.distributed.RandomQueryReport.Verdict;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.fail;

/**
 * Seeded random queries (see {@link RandomQueries}) on timeshard and on one plain PostgreSQL
 * holding the same rows (see {@link DifferentialData}): each must return the same rows on both, or
 * fail on both with the same SQLSTATE. The seed and the count come from system properties, so a
 * failure is reproducible; the failure message lists the first differences, and
 * {@code target/random-query-differential-report.txt} all of them with the seed.
 */
class RandomQueryDifferentialIntegrationTest {
    static final String SEED_PROPERTY = "timeshard.randomQueries.seed";
    static final String COUNT_PROPERTY = "timeshard.randomQueries.count";
    /** Comma-separated query numbers: run only those of the seed's queries, to look at a few differences again. */
    static final String ONLY_PROPERTY = "timeshard.randomQueries.only";
    private static final long DEFAULT_SEED = 20261201L;
    private static final int DEFAULT_COUNT = 2_000;
    /** Every query is meant to take milliseconds: one that takes this long is a problem in itself, and must not hang the suite. */
    private static final int QUERY_TIMEOUT_SECONDS = 20;
    private static final int DIFFERENCES_SHOWN = 20;
    private static final Path REPORT = Path.of("target", "random-query-differential-report.txt");

    private static DifferentialSides sides;
    private static QuerySide timeshard;
    private static QuerySide reference;

    @BeforeAll
    static void loadBothSides() throws SQLException {
        sides = DifferentialSides.load(QUERY_TIMEOUT_SECONDS);
        timeshard = sides.timeshard();
        reference = sides.reference();
    }

    @AfterAll
    static void closeConnections() {
        if (sides != null) {
            sides.close();
        }
    }

    @Test
    void randomQueriesAnswerLikeOnePostgres() {
        long seed = Long.getLong(SEED_PROPERTY, DEFAULT_SEED);
        int count = Integer.getInteger(COUNT_PROPERTY, DEFAULT_COUNT);
        Optional<Set<Integer>> only = Optional.ofNullable(System.getProperty(ONLY_PROPERTY)).filter(numbers -> !numbers.isBlank())
                .map(numbers -> Arrays.stream(numbers.split(",")).map(String::strip).map(Integer::valueOf).collect(Collectors.toSet()));
        List<RandomQuery> queries = RandomQueries.generate(seed, count).stream()
                .filter(query -> only.map(numbers -> numbers.contains(query.number())).orElse(true))
                .toList();
        RandomQueryReport report = new RandomQueryReport(seed, count);
        for (RandomQuery query : queries) {
            report.add(compare(query));
        }
        report.writeTo(REPORT);
        if (report.hasDifferences()) {
            fail(report.summary(DIFFERENCES_SHOWN, REPORT));
        }
    }

    private static Outcome compare(RandomQuery query) {
        long start = System.nanoTime();
        Answer expected = Answer.of(reference, query.sql());
        long middle = System.nanoTime();
        Answer actual = Answer.of(timeshard, query.sql());
        Duration referenceTime = Duration.ofNanos(middle - start);
        Duration timeshardTime = Duration.ofNanos(System.nanoTime() - middle);
        return switch (expected) {
            case Answer.Rows(QueryResult expectedRows) -> switch (actual) {
                case Answer.Rows(QueryResult actualRows) -> rowDifference(query, expectedRows, actualRows)
                        .map(difference -> new Outcome(query, Verdict.DIFFERENT_ROWS, difference, referenceTime, timeshardTime))
                        .orElseGet(() -> new Outcome(query, Verdict.SAME_ROWS, expectedRows.rows().size() + " rows", referenceTime,
                                timeshardTime));
                case Answer.Failure(SQLException error) -> new Outcome(query, Verdict.TIMESHARD_ERROR, QuerySide.describe(error)
                        + "; PostgreSQL returns " + expectedRows.rows().size() + " rows", referenceTime, timeshardTime);
            };
            case Answer.Failure(SQLException expectedError) -> switch (actual) {
                case Answer.Rows(QueryResult actualRows) -> new Outcome(query, Verdict.REFERENCE_ERROR, QuerySide.describe(expectedError)
                        + "; timeshard returns " + actualRows.rows().size() + " rows", referenceTime, timeshardTime);
                case Answer.Failure(SQLException actualError) -> Objects.equals(expectedError.getSQLState(), actualError.getSQLState())
                        ? new Outcome(query, Verdict.SAME_ERROR, QuerySide.describe(expectedError), referenceTime, timeshardTime)
                        : new Outcome(query, Verdict.DIFFERENT_ERRORS, "PostgreSQL: " + QuerySide.describe(expectedError) + "; timeshard: "
                                + QuerySide.describe(actualError), referenceTime, timeshardTime);
            };
        };
    }

    /**
     * How the rows differ, as QueryResult compares them; unless they are the same rows in an order
     * that the query's ORDER BY allows: one over every column leaves rows tied that PostgreSQL
     * cannot tell apart, which may then come in either order (see {@link RowOrder}).
     */
    private static Optional<String> rowDifference(RandomQuery query, QueryResult expected, QueryResult actual) {
        Optional<String> difference = expected.difference(actual, query.ordered());
        boolean allowed = difference.isPresent() && query.order() == Order.EVERY_COLUMN && expected.difference(actual, false).isEmpty()
                && RowOrder.follows(actual, query.sortKeys());
        return allowed ? Optional.empty() : difference;
    }

    /** What one side answered: rows, or an error. */
    private sealed interface Answer {
        record Rows(QueryResult result) implements Answer {}

        record Failure(SQLException error) implements Answer {}

        static Answer of(QuerySide side, String sql) {
            try {
                return new Rows(side.query(sql));
            } catch (SQLException e) {
                return new Failure(e);
            }
        }
    }
}
