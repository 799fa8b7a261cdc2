package io.timeshard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static io.timeshard.bench.QueryBenchmarkFiguresTest.timings;
import static org.assertj.core.api.Assertions.assertThat;

class BenchmarkReportTest {
    private static final RunEnvironment ENVIRONMENT = new RunEnvironment(2, "16.4", 200_000, 3);
    private static final QueryReport QUERY_REPORT = new QueryReport(ENVIRONMENT, List.of(
            new QueryMeasure(WorkloadQuery.standard().get(0), timings(1000, 30, 31, 29, 30, 30), timings(1000, 10, 10, 10, 10, 10)),
            new QueryMeasure(WorkloadQuery.standard().get(4), timings(9, 4, 4, 4, 4, 4), timings(10, 2, 2, 2, 2, 2))));

    @Test
    void printsOneLinePerQueryWithMediansRatioAndTarget() {
        String table = printed(QUERY_REPORT);
        assertThat(table).startsWith("timeshard query benchmark: 200,000 rows, 3 data nodes, PostgreSQL 16.4, 2 cores\n");
        assertThat(table).contains("Q1 full push-down                      |        30.00 |    10.00 |  3.00 | MISSED\n");
        assertThat(table).contains("Q5 latest rows (time exclusion, top-N) |         4.00 |     2.00 |  2.00 |    met\n");
        assertThat(table).contains("1 of 2 queries meet the target");
    }

    @Test
    void warnsWhenTheSystemsReturnDifferentRowCounts() {
        assertThat(printed(QUERY_REPORT)).contains("WARNING: Q5 returned 9 rows on timeshard but 10 on plain PostgreSQL")
                .doesNotContain("WARNING: Q1");
    }

    @Test
    void writesTheQueryFiguresAsJson() {
        ObjectNode json = QUERY_REPORT.toJson(new ObjectMapper());
        assertThat(json.get("benchmark").asText()).isEqualTo("query");
        assertThat(json.get("postgres_version").asText()).isEqualTo("16.4");
        assertThat(json.get("cores").asInt()).isEqualTo(2);
        ObjectNode q1 = (ObjectNode) json.get("queries").get(0);
        assertThat(q1.get("query").asText()).isEqualTo("Q1");
        assertThat(q1.get("timeshard_median_ms").asDouble()).isEqualTo(30.0);
        assertThat(q1.get("plain_median_ms").asDouble()).isEqualTo(10.0);
        assertThat(q1.get("ratio").asDouble()).isEqualTo(3.0);
        assertThat(q1.get("meets_target").asBoolean()).isFalse();
        assertThat(q1.get("timeshard_runs_ms")).hasSize(5);
        assertThat(json.get("queries").get(1).get("same_row_count").asBoolean()).isFalse();
    }

    @Test
    void printsIngestThroughputPerMeasure() {
        IngestReport report = new IngestReport(ENVIRONMENT, List.of(new IngestMeasure("copy_csv", "COPY CSV, 200,000 rows",
                new LoadResult(200_000, Duration.ofSeconds(1)), new LoadResult(200_000, Duration.ofSeconds(2)))));
        assertThat(printed(report)).startsWith("timeshard ingest benchmark: 200,000 rows")
                .contains("COPY CSV, 200,000 rows |          200,000 |      100,000 |  2.00\n");
    }

    private static String printed(BenchmarkReport report) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        report.printTable(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
