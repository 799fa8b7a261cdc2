package io.timeshard.wire;

import io.timeshard.testing.TestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients nobody on the project wrote drive a distributed hypertable through the access node:
 * asyncpg and psycopg2 (Debian's python3 packages) and node-postgres with pg-copy-streams (npm, in
 * target/test-clients), installed by .ci/install-test-clients. Each script prints one line per
 * feature, "name<TAB>ok" or "name<TAB>FAIL why".
 */
class RealClientsIntegrationTest {
    private static final Path SCRIPTS = Path.of("src/test/clients");
    private static final Map<String, List<String>> COMMANDS = Map.of(
            "asyncpg", List.of("/usr/bin/python3", "asyncpg_features.py"),
            "psycopg2", List.of("/usr/bin/python3", "psycopg2_features.py"),
            "node-postgres", List.of("node", "node_postgres_features.js"));
    private static final Map<String, Integer> FEATURES = Map.of("asyncpg", 19, "psycopg2", 16, "node-postgres", 11);

    @BeforeAll
    static void startCluster() {
        TestCluster.get();
    }

    @ParameterizedTest
    @ValueSource(strings = {"asyncpg", "psycopg2", "node-postgres"})
    void everyFeatureOfTheClientWorksOnADistributedHypertable(String client) throws Exception {
        List<String> command = new ArrayList<>(COMMANDS.get(client));
        command.set(1, SCRIPTS.resolve(command.get(1)).toAbsolutePath().toString());
        command.add(Integer.toString(TestCluster.get().port()));
        String output = run(command);
        List<String> lines = output.lines().filter(line -> line.contains("\t")).toList();
        assertThat(lines).as(output).hasSize(FEATURES.get(client));
        assertThat(lines).as(output).allMatch(line -> line.endsWith("\tok"));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("NODE_PATH", Path.of("target/test-clients/node_modules").toAbsolutePath().toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
