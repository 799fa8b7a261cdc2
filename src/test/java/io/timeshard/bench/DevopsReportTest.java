package io.timeshard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DevopsReportTest {
    private static final DevopsOptions OPTIONS = new DevopsOptions(100, 24, 3, 1, 3, Optional.empty(), Optional.empty());
    private static final DevopsReport REPORT = new DevopsReport(new RunEnvironment(2, "16.4", OPTIONS.readings(), 3), OPTIONS, List.of(
            new DevopsMeasure(DevopsQueryType.SINGLE_GROUPBY_1_1_1, "SELECT 1", "partial", "", side(2, 3, 4), side(5, 6, 9), 5, 0),
            new DevopsMeasure(DevopsQueryType.LASTPOINT, "SELECT 2", "fallback", "a lateral join", side(30, 31, 32),
                    new DevopsSide(List.of(), 0, DevopsSide.Outcome.TIMED_OUT, "canceling statement due to statement timeout (warm-up)"), 0,
                    0),
            new DevopsMeasure(DevopsQueryType.HIGH_CPU_ALL, "SELECT 3", "full", "", side(100, 100, 100), side(110, 110, 110), 5, 1)));

    @Test
    void printsARowPerQueryTypeWithTargetStrategyAndRows() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        REPORT.printTable(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String table = bytes.toString(StandardCharsets.UTF_8);
        assertThat(table).startsWith("timeshard devops benchmark: 864,000 rows, 3 data nodes, PostgreSQL 16.4, 2 cores\n");
        assertThat(table).containsPattern("single-groupby-1-1-1 +\\| +3\\.00 \\| +6\\.00 \\| +2\\.00 \\| +met \\| +partial \\| +same");
        assertThat(table).containsPattern("lastpoint +\\| +31\\.00 \\| +timeout \\| +- \\| +MISSED \\| +fallback \\| +-");
        assertThat(table).containsPattern("high-cpu-all +\\| +100\\.00 \\| +110\\.00 \\| +1\\.10 \\| +met \\| +full \\| DIFFERENT");
        assertThat(table).contains("2 of 3 query types meet the target")
                .contains("WARNING: high-cpu-all answered differently on timeshard and plain PostgreSQL in 1 of 5 runs")
                .contains("lastpoint on timeshard stopped, timeout: canceling statement due to statement timeout (warm-up)");
    }

    @Test
    void writesTheFiguresAsJson() {
        ObjectNode json = REPORT.toJson(new ObjectMapper());
        assertThat(json.get("benchmark").asText()).isEqualTo("devops");
        assertThat(json.get("hosts").asInt()).isEqualTo(100);
        assertThat(json.get("queries").get(0).get("timeshard").get("median_ms").asDouble()).isEqualTo(6.0);
        assertThat(json.get("queries").get(0).get("ratio").asDouble()).isEqualTo(2.0);
        assertThat(json.get("queries").get(1).get("timeshard").get("outcome").asText()).isEqualTo("timed_out");
        assertThat(json.get("queries").get(1).get("ratio").isNull()).isTrue();
        assertThat(json.get("queries").get(2).get("same_rows").asBoolean()).isFalse();
    }

    private static DevopsSide side(long... millis) {
        return DevopsSide.finished(Arrays.stream(millis).mapToObj(Duration::ofMillis).toList(), millis.length);
    }
}
