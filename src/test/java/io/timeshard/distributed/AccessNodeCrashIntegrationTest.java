package io.timeshard.distributed;

import io.timeshard.testing.CrashingAccessNode;
import io.timeshard.testing.TestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

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
        try (CrashingAccessNode crashing = CrashingAccessNode.start(TestCluster.get().home().jdbcUrl("timeshard") + "?user=postgres",
                haltPoint); Connection connection = crashing.connect(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("INSERT INTO " + table
                    + " SELECT timestamptz '2024-01-01 12:00+00', 'loc_' || g, g, g FROM generate_series(1, 30) g"))
                    .isInstanceOf(SQLException.class);
            assertThat(crashing.awaitExit()).isEqualTo(CrashingAccessNode.HALTED);
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
}
