package io.timeshard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrencyReportTest {
    private static final ClientLoad.Result PLAIN = new ClientLoad.Result(20_000, 0, 20, 1.5, 4.0, null);
    private static final ConcurrencyReport REPORT = new ConcurrencyReport(new RunEnvironment(2, "16.4", 100_000, 3), 16, 20, List.of(
            new ConcurrencyMeasure(ConcurrencyScript.INSERT_ONE, true, new ClientLoad.Result(12_000, 0, 20, 2.0, 11.0, null), PLAIN),
            new ConcurrencyMeasure(ConcurrencyScript.LATEST_ROWS, false, new ClientLoad.Result(4_000, 3, 20, 6.0, 30.0, "boom"), PLAIN)));

    @Test
    void judgesEachScriptByTpsLatencyAndFailures() {
        assertThat(REPORT.measures().get(0).tpsRatio()).isEqualTo(0.6);
        assertThat(REPORT.measures().get(0).meetsTarget()).isTrue();
        assertThat(REPORT.measures().get(1).meetsTarget()).isFalse();
    }

    @Test
    void printsARowPerScriptAndProtocolAndTheFirstFailure() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        REPORT.printTable(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String table = bytes.toString(StandardCharsets.UTF_8);
        assertThat(table).startsWith("timeshard concurrency benchmark: 100,000 rows, 3 data nodes, PostgreSQL 16.4, 2 cores\n");
        assertThat(table).contains("single-row INSERT").contains("|   simple |").contains("600").contains("0.600").contains("2.00 / 11.00")
                .contains("met");
        assertThat(table).contains("latest 5 rows of one device (extended) failed 3 times, first: boom");
    }

    @Test
    void writesTheFiguresAsJson() {
        ObjectNode json = REPORT.toJson(new ObjectMapper());
        assertThat(json.get("benchmark").asText()).isEqualTo("concurrency");
        assertThat(json.get("clients").asInt()).isEqualTo(16);
        assertThat(json.get("measures").get(1).get("timeshard").get("failures").asLong()).isEqualTo(3);
        assertThat(json.get("measures").get(0).get("tps_ratio").asDouble()).isEqualTo(0.6);
    }
}
