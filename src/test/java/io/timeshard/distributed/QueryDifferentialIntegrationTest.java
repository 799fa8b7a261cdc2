package io.timeshard.distributed;

import io.timeshard.distributed.CorpusReport.Kind;
import io.timeshard.distributed.QueryCorpus.Entry;
import io.timeshard.distributed.QueryCorpus.Strategy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The distributed query engine against one plain PostgreSQL: every query of the corpus returns
 * the same rows on timeshard (two hypertables over three data nodes, repartitioned halfway) as on
 * plain tables holding the same data, and EXPLAIN on timeshard shows the strategy the corpus
 * states. Entries that expect an error must fail on both sides with the same SQLSTATE, and EXPLAIN
 * must fail or succeed on timeshard as on PostgreSQL. Entries run as their execution says (read-only
 * transactions, cursors, fetch sizes), alike on both sides. One dynamic test per query and check; the
 * last one fails with every problem found, which is also written to
 * {@code target/query-differential-report.txt}.
 */
class QueryDifferentialIntegrationTest {
    private static final String CORPUS = "/io/timeshard/distributed/query-corpus.sql";
    private static final Path REPORT = Path.of("target", "query-differential-report.txt");
    private static final int QUERY_TIMEOUT_SECONDS = 120;
    private static final String STRATEGY_PREFIX = "Strategy:";
    private static final String COPYING_FALLBACK = "Custom Scan (HomeFallback)";

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

    @TestFactory
    Stream<DynamicNode> corpusQueriesAnswerLikeOnePostgres() {
        List<Entry> corpus = QueryCorpus.load(CORPUS);
        CorpusReport report = new CorpusReport(corpus.size());
        Stream<DynamicNode> queries = corpus.stream().map(entry -> dynamicContainer(entry.name(), entry.sqlState().isPresent()
                ? Stream.of(dynamicTest("same error as PostgreSQL", () -> checkError(entry, report)),
                        dynamicTest("EXPLAIN as on PostgreSQL", () -> checkExplainOfError(entry, report)))
                : Stream.of(dynamicTest("same rows as PostgreSQL", () -> checkRows(entry, report)),
                        dynamicTest("strategy " + entry.label(), () -> checkStrategy(entry, report)))));
        Stream<DynamicNode> summary = Stream.of(dynamicTest("no problem in the whole corpus", () -> {
            report.writeTo(REPORT);
            if (!report.isClean()) {
                fail(report.render());
            }
        }));
        return Stream.concat(queries, summary);
    }

    private static void checkRows(Entry entry, CorpusReport report) {
        long start = System.nanoTime();
        QueryResult expected;
        try {
            expected = reference.query(entry.sql(), entry.execution());
        } catch (SQLException e) {
            report.add(Kind.CORPUS_ERROR, entry, QuerySide.describe(e));
            fail("PostgreSQL refuses the query: " + QuerySide.describe(e));
            return;
        }
        long middle = System.nanoTime();
        QueryResult actual;
        try {
            actual = timeshard.query(entry.sql(), entry.execution());
        } catch (SQLException e) {
            report.add(Kind.TIMESHARD_ERROR, entry, QuerySide.describe(e));
            fail("timeshard fails where PostgreSQL answers: " + QuerySide.describe(e));
            return;
        } finally {
            report.timed(entry, Duration.ofNanos(middle - start), Duration.ofNanos(System.nanoTime() - middle));
        }
        expected.difference(actual, entry.ordered()).ifPresent(difference -> {
            report.add(Kind.RESULT_MISMATCH, entry, difference);
            fail(difference);
        });
    }

    private static void checkError(Entry entry, CorpusReport report) {
        String expected = entry.sqlState().orElseThrow();
        long start = System.nanoTime();
        Outcome onReference = outcome(reference, entry.sql(), entry.execution());
        long middle = System.nanoTime();
        Outcome onTimeshard = outcome(timeshard, entry.sql(), entry.execution());
        report.timed(entry, Duration.ofNanos(middle - start), Duration.ofNanos(System.nanoTime() - middle));
        if (!onReference.failsWith(expected)) {
            report.add(Kind.CORPUS_ERROR, entry, "PostgreSQL does not fail with " + expected + ": " + onReference);
            fail("PostgreSQL does not fail with " + expected + ": " + onReference);
        } else if (!onTimeshard.failsWith(expected)) {
            String problem = "PostgreSQL fails with " + onReference + ", timeshard " + onTimeshard;
            report.add(onTimeshard.error() == null ? Kind.RESULT_MISMATCH : Kind.TIMESHARD_ERROR, entry, problem);
            fail(problem);
        }
    }

    /** EXPLAIN of a failing query: refused with the same SQLSTATE where PostgreSQL refuses it (analysis errors), else answered. */
    private static void checkExplainOfError(Entry entry, CorpusReport report) {
        Outcome onReference = outcome(reference, "EXPLAIN " + entry.sql(), QueryExecution.PLAIN);
        Outcome onTimeshard = outcome(timeshard, "EXPLAIN " + entry.sql(), QueryExecution.PLAIN);
        boolean alike = onReference.error() == null ? onTimeshard.error() == null
                : onReference.error().getSQLState().equals(onTimeshard.error() == null ? null : onTimeshard.error().getSQLState());
        if (!alike) {
            String problem = "EXPLAIN on PostgreSQL: " + onReference + ", on timeshard: " + onTimeshard;
            report.add(Kind.STRATEGY_MISMATCH, entry, problem);
            fail(problem);
        }
    }

    private static Outcome outcome(QuerySide side, String sql, QueryExecution execution) {
        try {
            return new Outcome(side.query(sql, execution).rows().size(), null);
        } catch (SQLException e) {
            return new Outcome(0, e);
        }
    }

    /** How a statement ended on one side: with rows, or with an error. */
    private record Outcome(int rows, SQLException error) {
        boolean failsWith(String sqlState) {
            return error != null && sqlState.equals(error.getSQLState());
        }

        @Override
        public String toString() {
            return error == null ? "answers with " + rows + " rows" : QuerySide.describe(error);
        }
    }

    private static void checkStrategy(Entry entry, CorpusReport report) {
        Strategy strategy = entry.strategy().orElseThrow();
        String expected = STRATEGY_PREFIX + " " + strategy.label();
        List<String> strategyLines;
        List<String> plan;
        try {
            plan = timeshard.query("EXPLAIN " + entry.sql()).rows().stream()
                    .flatMap(row -> Arrays.stream(row.get(0).split("\n")))
                    .map(String::strip)
                    .toList();
            strategyLines = plan.stream().filter(line -> line.startsWith(STRATEGY_PREFIX)).toList();
        } catch (SQLException e) {
            report.add(Kind.STRATEGY_MISMATCH, entry, "EXPLAIN fails: " + QuerySide.describe(e));
            fail("EXPLAIN fails: " + QuerySide.describe(e));
            return;
        }
        // No query copies chunks into temporary tables at home: the fallback reads the chunks' foreign tables.
        String problem = plan.contains(COPYING_FALLBACK) ? "the fallback copies the chunks home"
                : strategy == Strategy.HOME ? (strategyLines.isEmpty() ? null : "expected home, EXPLAIN printed " + strategyLines)
                : strategyLines.isEmpty() ? "expected " + strategy.label() + ", EXPLAIN printed no Strategy line"
                : strategyLines.size() > 1 && !strategyLines.get(0).equals(STRATEGY_PREFIX + " pushed")
                        ? "expected " + strategy.label() + ", EXPLAIN printed several: " + strategyLines
                : strategyLines.get(0).equals(expected) ? null
                : "expected " + strategy.label() + ", got " + strategyLines.get(0).substring(STRATEGY_PREFIX.length()).strip();
        if (problem != null) {
            report.add(Kind.STRATEGY_MISMATCH, entry, problem);
            fail(problem);
        }
    }
}
