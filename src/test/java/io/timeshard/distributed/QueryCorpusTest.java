package io.timeshard.distributed;

import io.timeshard.distributed.QueryCorpus.Entry;
import io.timeshard.distributed.QueryCorpus.Strategy;
import io.timeshard.distributed.QueryExecution.Mode;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The differential test's own machinery, without a cluster: reading the corpus and comparing results. */
class QueryCorpusTest {
    @Test
    void readsEntriesWithTheirStrategyAndLine() {
        List<Entry> entries = QueryCorpus.parse("""
                -- a header
                -- ===== a section =====

                -- full
                SELECT * FROM t;
                -- partial: combined on the access node
                SELECT count(*)
                  FROM t;
                """);
        assertThat(entries).containsExactly(new Entry(5, Strategy.FULL, "SELECT * FROM t", ""),
                new Entry(7, Strategy.PARTIAL, "SELECT count(*)\nFROM t", "combined on the access node"));
    }

    @Test
    void readsExpectedErrorsAndExecutions() {
        List<Entry> entries = QueryCorpus.parse("""
                -- error 42703: no such column
                SELECT nosuch FROM t;
                -- fallback [read only]: in a read-only transaction
                SELECT * FROM t JOIN u USING (a);
                -- error 22012 [cursor 5]
                SELECT 1 / 0 FROM t;
                -- home [Scroll  Cursor 3]
                SELECT * FROM v;
                -- full [hold cursor 2]
                SELECT * FROM t;
                -- partial [fetch size 100]
                SELECT count(*) FROM t;
                """);
        assertThat(entries).containsExactly(
                new Entry(2, Optional.empty(), Optional.of("42703"), QueryExecution.PLAIN, "SELECT nosuch FROM t", "no such column"),
                new Entry(4, Optional.of(Strategy.FALLBACK), Optional.empty(), new QueryExecution(Mode.READ_ONLY, 0),
                        "SELECT * FROM t JOIN u USING (a)", "in a read-only transaction"),
                new Entry(6, Optional.empty(), Optional.of("22012"), new QueryExecution(Mode.CURSOR, 5), "SELECT 1 / 0 FROM t", ""),
                new Entry(8, Optional.of(Strategy.HOME), Optional.empty(), new QueryExecution(Mode.SCROLL_CURSOR, 3), "SELECT * FROM v", ""),
                new Entry(10, Optional.of(Strategy.FULL), Optional.empty(), new QueryExecution(Mode.HOLD_CURSOR, 2), "SELECT * FROM t", ""),
                new Entry(12, Optional.of(Strategy.PARTIAL), Optional.empty(), new QueryExecution(Mode.FETCH_SIZE, 100),
                        "SELECT count(*) FROM t", ""));
        assertThat(entries).extracting(Entry::label).containsExactly("error 42703", "fallback [read only]", "error 22012 [cursor 5]",
                "home [scroll cursor 3]", "full [hold cursor 2]", "partial [fetch size 100]");
    }

    @Test
    void refusesUnknownExecutionsAndMissingBatchSizes() {
        assertThatThrownBy(() -> QueryCorpus.parse("-- full\nSELECT 1;\n-- fallback [sideways]\nSELECT 2;\n")).hasMessageContaining("line 3")
                .hasMessageContaining("unknown execution [sideways]");
        assertThatThrownBy(() -> QueryCorpus.parse("-- fallback [cursor]\nSELECT 1;\n")).hasMessageContaining("line 1");
        assertThatThrownBy(() -> QueryCorpus.parse("-- fallback [cursor 0]\nSELECT 1;\n")).hasMessageContaining("positive number of rows");
        assertThatThrownBy(() -> QueryCorpus.parse("-- fallback [read only 3]\nSELECT 1;\n")).hasMessageContaining("unknown execution");
        assertThatThrownBy(() -> new QueryExecution(Mode.READ_ONLY, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesQueriesWithoutStrategyAndUnfinishedEntries() {
        assertThatThrownBy(() -> QueryCorpus.parse("SELECT 1;\n")).hasMessageContaining("line 1");
        assertThatThrownBy(() -> QueryCorpus.parse("-- full\nSELECT 1\n")).hasMessageContaining("semicolon");
        assertThatThrownBy(() -> QueryCorpus.parse("-- full\n-- partial\nSELECT 1;\n")).hasMessageContaining("line 2");
        assertThatThrownBy(() -> QueryCorpus.parse("-- error 22012\n-- full\nSELECT 1 / 0;\n")).hasMessageContaining("line 2");
    }

    @Test
    void theCorpusHasEnoughQueriesOfEveryStrategy() {
        List<Entry> corpus = QueryCorpus.load("/io/timeshard/distributed/query-corpus.sql");
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(720);
        assertThat(corpus).flatExtracting(entry -> entry.strategy().stream().toList()).contains(Strategy.values());
        assertThat(corpus).extracting(entry -> entry.execution().mode()).contains(Mode.values());
        assertThat(corpus).filteredOn(entry -> entry.sqlState().isPresent()).hasSizeGreaterThanOrEqualTo(10);
        assertThat(corpus).extracting(Entry::sql).doesNotHaveDuplicates().allSatisfy(sql -> assertThat(sql).doesNotContain(";"));
    }

    @Test
    void ordersOnlyByATopLevelOrderBy() {
        assertThat(QueryCorpus.hasTopLevelOrderBy("SELECT a FROM t ORDER BY a")).isTrue();
        assertThat(QueryCorpus.hasTopLevelOrderBy("SELECT x FROM a UNION SELECT y FROM b\norder  by 1")).isTrue();
        assertThat(QueryCorpus.hasTopLevelOrderBy("SELECT string_agg(a, ',' ORDER BY a) FROM t")).isFalse();
        assertThat(QueryCorpus.hasTopLevelOrderBy("SELECT row_number() OVER (ORDER BY a) FROM t")).isFalse();
        assertThat(QueryCorpus.hasTopLevelOrderBy("SELECT * FROM (SELECT a FROM t ORDER BY a LIMIT 3) s")).isFalse();
        assertThat(QueryCorpus.hasTopLevelOrderBy("SELECT 'order by' FROM t")).isFalse();
        assertThat(QueryCorpus.hasTopLevelOrderBy("SELECT a AS \"order by\" FROM t")).isFalse();
    }

    @Test
    void comparesFloatsToWithinTheToleranceAndNumericsExactly() {
        QueryResult expected = result(List.of("float8", "numeric"), "0.30000000000000004", "1.5");
        assertThat(expected.difference(result(List.of("float8", "numeric"), "0.3", "1.5"), false)).isEmpty();
        assertThat(expected.difference(result(List.of("float8", "numeric"), "0.3000001", "1.5"), false)).isPresent();
        assertThat(expected.difference(result(List.of("float8", "numeric"), "0.30000000000000004", "1.50"), false)).isPresent();
        assertThat(QueryResult.approximatelyEqual("0", "-3.5e-15")).isTrue();
        QueryResult deviation = new QueryResult(List.of("stddev_samp", "sum"), List.of("numeric", "numeric"),
                List.of(Arrays.asList("577.801141871155", "10")));
        assertThat(deviation.difference(new QueryResult(deviation.labels(), deviation.types(),
                List.of(Arrays.asList("577.801141871156", "10"))), false)).isPresent();
        assertThat(deviation.difference(new QueryResult(deviation.labels(), deviation.types(),
                List.of(Arrays.asList("577.801141871155", "10.0"))), false)).isPresent();
        assertThat(QueryResult.approximatelyEqual("NaN", "NaN")).isTrue();
        assertThat(QueryResult.approximatelyEqual("Infinity", "1e308")).isFalse();
    }

    @Test
    void comparesRowsAsMultisetsUnlessOrdered() {
        QueryResult expected = result(List.of("text"), "a", "b", "b");
        QueryResult shuffled = result(List.of("text"), "b", "a", "b");
        assertThat(expected.difference(shuffled, false)).isEmpty();
        assertThat(expected.difference(shuffled, true)).hasValueSatisfying(d -> assertThat(d).startsWith("the same rows in another order"));
        assertThat(expected.difference(result(List.of("text"), "a", "b"), false)).hasValueSatisfying(d -> assertThat(d).contains("missing [b]"));
        assertThat(expected.difference(result(List.of("text"), "a", "b", null), false)).isPresent();
        assertThat(expected.difference(result(List.of("varchar"), "a", "b", "b"), false))
                .hasValueSatisfying(d -> assertThat(d).startsWith("columns differ"));
    }

    /** A result of one row per value for one column, or one row of all values when there are several types. */
    private static QueryResult result(List<String> types, String... values) {
        List<String> labels = types.stream().map(type -> "c").toList();
        List<List<String>> rows = types.size() == 1 ? Arrays.stream(values).map(value -> Arrays.asList(value)).toList()
                : List.of(Arrays.asList(values));
        return new QueryResult(labels, types, rows);
    }
}
