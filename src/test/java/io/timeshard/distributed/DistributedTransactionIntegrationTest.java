package io.timeshard.distributed;

import io.timeshard.embedded.PostgresInstance;
import io.timeshard.testing.TestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import static io.timeshard.distributed.Sql.count;
import static io.timeshard.distributed.Sql.execute;
import static io.timeshard.distributed.Sql.rows;
import static io.timeshard.distributed.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DistributedTransactionIntegrationTest {
    /** Rows at one time for locations that hash to all three nodes. */
    private static final String THREE_NODE_ROWS = "SELECT timestamptz '2024-01-01 12:00+00', 'loc_' || g, g, g FROM generate_series(1, 30) g";

    @BeforeAll
    static void start() {
        TestCluster.get();
    }

    @Test
    void aTransactionOverThreeNodesCommitsAtomically() throws Exception {
        Sql.createConditions("txn_commit");
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("INSERT INTO txn_commit " + THREE_NODE_ROWS);
            statement.execute("CREATE TABLE IF NOT EXISTS txn_local_log (note text)");
            statement.execute("INSERT INTO txn_local_log VALUES ('committed with the nodes')");
            assertThat(Sql.rows(connection, "SELECT count(*) FROM txn_commit")).containsExactly(List.of("30"));
            connection.commit();
        }
        assertThat(Sql.rowsPerNode("txn_commit").values()).allMatch(rows -> rows > 0);
        assertThat(count("txn_commit")).isEqualTo(30);
        assertThat(Sql.preparedTransactions()).isZero();
        assertThat(value("SELECT count(*) FROM _timeshard_catalog.committed_transaction")).isNotNull();
    }

    @Test
    void rollbackAndErrorsRollBackEverywhere() throws Exception {
        Sql.createConditions("txn_rollback");
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("INSERT INTO txn_rollback " + THREE_NODE_ROWS);
            connection.rollback();
            statement.execute("INSERT INTO txn_rollback " + THREE_NODE_ROWS);
            assertThatThrownBy(() -> statement.execute("INSERT INTO txn_rollback VALUES ('2024-01-01', 'x', 'bad', 1)"))
                    .isInstanceOf(PSQLException.class);
            assertThatThrownBy(() -> statement.execute("SELECT 1")).isInstanceOfSatisfying(PSQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("25P02"));
            connection.commit();
        }
        assertThat(count("txn_rollback")).isZero();
        assertThat(Sql.rowsPerNode("txn_rollback").values()).containsOnly(0L);
    }

    @Test
    void savepointsReachTheNodes() throws Exception {
        Sql.createConditions("txn_savepoint");
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("INSERT INTO txn_savepoint VALUES ('2024-01-01', 'loc_1', 1, 1)");
            statement.execute("SAVEPOINT before_more");
            statement.execute("INSERT INTO txn_savepoint " + THREE_NODE_ROWS);
            assertThatThrownBy(() -> statement.execute("INSERT INTO txn_savepoint VALUES (NULL, 'x', 1, 1)")).isInstanceOf(PSQLException.class);
            statement.execute("ROLLBACK TO SAVEPOINT before_more");
            statement.execute("INSERT INTO txn_savepoint VALUES ('2024-01-02', 'loc_2', 2, 2)");
            connection.commit();
        }
        assertThat(rows("SELECT location FROM txn_savepoint ORDER BY location")).containsExactly(List.of("loc_1"), List.of("loc_2"));
    }

    @Test
    void aNodeFailingToPrepareRollsEveryNodeBack() throws Exception {
        Sql.createConditions("txn_prepare_fails");
        execute("INSERT INTO txn_prepare_fails " + THREE_NODE_ROWS);
        String chunk = value("SELECT chunk_name FROM timescaledb_information.chunks WHERE hypertable_name = 'txn_prepare_fails'"
                + " AND data_nodes = '{dn2}'");
        // A deferred constraint trigger fires at PREPARE TRANSACTION on dn2 and refuses it.
        try (Connection node = TestCluster.get().dataNodes().get(1).connect("timeshard"); Statement statement = node.createStatement()) {
            statement.execute("CREATE OR REPLACE FUNCTION public.refuse_commit() RETURNS trigger LANGUAGE plpgsql AS"
                    + " $$BEGIN RAISE EXCEPTION 'refused at commit'; END$$");
            statement.execute("CREATE CONSTRAINT TRIGGER refuse AFTER INSERT ON _timeshard_internal." + chunk
                    + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.refuse_commit()");
        }
        assertThatThrownBy(() -> execute("INSERT INTO txn_prepare_fails " + THREE_NODE_ROWS.replace("12:00", "12:01")))
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getMessage()).contains("refused at commit"));
        assertThat(count("txn_prepare_fails")).isEqualTo(30);
        assertThat(Sql.rowsPerNode("txn_prepare_fails").values().stream().mapToLong(Long::longValue).sum()).isEqualTo(30);
        assertThat(Sql.preparedTransactions()).isZero();
    }

    @Test
    void theResolverFinishesPreparedTransactionsByTheRecordedDecision() throws Exception {
        Sql.createConditions("txn_in_doubt");
        execute("INSERT INTO txn_in_doubt " + THREE_NODE_ROWS);
        List<String> chunks = rows("SELECT chunk_name FROM timescaledb_information.chunks WHERE hypertable_name = 'txn_in_doubt'"
                + " ORDER BY data_nodes").stream().map(row -> row.get(0)).toList();
        // Two in-doubt transactions as a crash between PREPARE and COMMIT PREPARED leaves them:
        // one whose decision was recorded (commit), one whose deciding transaction ended without it (roll back).
        long committedXid;
        long abortedXid;
        try (Connection home = TestCluster.get().home().connect("timeshard"); Statement statement = home.createStatement()) {
            home.setAutoCommit(false);
            committedXid = Long.parseLong(Sql.rows(home, "SELECT txid_current()").get(0).get(0));
            statement.execute("INSERT INTO _timeshard_catalog.committed_transaction VALUES ('ts_" + committedXid + "_aaaaaaaaaaaa', now())");
            home.commit();
            abortedXid = Long.parseLong(Sql.rows(home, "SELECT txid_current()").get(0).get(0));
            home.rollback();
        }
        for (int i = 0; i < 3; i++) {
            PostgresInstance node = TestCluster.get().dataNodes().get(i);
            try (Connection connection = node.connect("timeshard"); Statement statement = connection.createStatement()) {
                for (String decided : List.of("ts_" + committedXid + "_aaaaaaaaaaaa", "ts_" + abortedXid + "_bbbbbbbbbbbb")) {
                    statement.execute("BEGIN");
                    statement.execute("INSERT INTO _timeshard_internal." + chunks.get(i) + " SELECT time + interval '1 minute', location,"
                            + " temperature, humidity FROM _timeshard_internal." + chunks.get(i) + " LIMIT 1");
                    statement.execute("PREPARE TRANSACTION '" + decided + "@dn" + (i + 1) + "'");
                }
            }
        }
        assertThat(Sql.preparedTransactions()).isEqualTo(6);
        TestCluster.get().accessNode().resolvePreparedTransactions();
        assertThat(Sql.preparedTransactions()).isZero();
        assertThat(count("txn_in_doubt")).isEqualTo(33);
    }
}
