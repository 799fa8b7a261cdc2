package io.timeshard.distributed;

import io.timeshard.testing.TestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static io.timeshard.distributed.Sql.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A second access node, in a process of its own on the same home database, dies in the middle of a
 * two-phase commit; the resolver makes every node agree: committed when the decision was recorded,
 * rolled back when it was not.
 */
class AccessNodeCrashIntegrationTest {
    @BeforeAll
    static void start() {
        TestCluster.get();
    }

    @ParameterizedTest
    @CsvSource({"after-prepare, 0", "after-decision, 30"})
    void nodesAgreeAfterTheAccessNodeDiesMidCommit(String haltPoint, long rowsAfterRecovery) throws Exception {
        String table = Sql.createConditions("crash_" + haltPoint.replace('-', '_'));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Files.createTempFile("crashing-access-node", ".log");
        Process crashing = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dtimeshard.fault.halt-at=" + haltPoint, "-cp", System.getProperty("java.class.path"), "io.timeshard.cli.Main",
                "start", "--port", Integer.toString(port),
                "--home-url", TestCluster.get().home().jdbcUrl("timeshard") + "?user=postgres")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Connection connection = awaitConnection(port, crashing, log);
            try (Statement statement = connection.createStatement()) {
                assertThatThrownBy(() -> statement.execute("INSERT INTO " + table
                        + " SELECT timestamptz '2024-01-01 12:00+00', 'loc_' || g, g, g FROM generate_series(1, 30) g"))
                        .isInstanceOf(SQLException.class);
            }
            assertThat(crashing.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(crashing.exitValue()).isEqualTo(70);
        } finally {
            crashing.destroyForcibly();
            Files.deleteIfExists(log);
        }
        // Exit code 70 says the node halted there, its transactions prepared on the nodes. The cluster's
        // own access node may have resolved them already (its resolver runs every 30 s): not asserted.
        long deadline = System.currentTimeMillis() + 30_000;
        while (Sql.preparedTransactions() > 0 && System.currentTimeMillis() < deadline) {
            TestCluster.get().accessNode().resolvePreparedTransactions();
            Thread.sleep(200);
        }
        assertThat(Sql.preparedTransactions()).isZero();
        assertThat(count(table)).isEqualTo(rowsAfterRecovery);
        List<Long> perNode = List.copyOf(Sql.rowsPerNode(table).values());
        assertThat(perNode).allMatch(rows -> rowsAfterRecovery == 0 ? rows == 0 : rows > 0);
    }

    private static Connection awaitConnection(int port, Process process, Path log) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            try {
                return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/timeshard", properties);
            } catch (SQLException e) {
                if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the second access node did not start:\n" + Files.readString(log), e);
                }
                Thread.sleep(200);
            }
        }
    }
}
