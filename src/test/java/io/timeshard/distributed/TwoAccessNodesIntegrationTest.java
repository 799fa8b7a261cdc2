package io.timeshard.distributed;

import io.timeshard.embedded.PostgresInstance;
import io.timeshard.home.HomeEndpoint;
import io.timeshard.node.AccessNode;
import io.timeshard.testing.TestCluster;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Two access nodes on one home database see each other's hypertables and chunks. */
class TwoAccessNodesIntegrationTest {
    @Test
    void aSecondAccessNodeSeesHypertablesCreatedByTheFirst() throws Exception {
        PostgresInstance home = TestCluster.get().home();
        try (AccessNode second = AccessNode.start(new HomeEndpoint("127.0.0.1", home.port(), "timeshard", "postgres", Optional.empty()),
                "127.0.0.1", 0)) {
            Properties properties = new Properties();
            properties.setProperty("user", "postgres");
            try (Connection other = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + second.port() + "/timeshard", properties);
                 Statement statement = other.createStatement()) {
                statement.execute("SELECT 1"); // the second node is up and has read the catalog
                Sql.createConditions("two_nodes");
                long deadline = System.currentTimeMillis() + 10_000;
                while (true) {
                    try {
                        statement.execute("INSERT INTO two_nodes VALUES ('2024-01-01', 'a', 1, 1), ('2024-01-02', 'b', 2, 2)");
                        break;
                    } catch (Exception notYet) {
                        assertThat(System.currentTimeMillis()).as(notYet.getMessage()).isLessThan(deadline);
                        Thread.sleep(100);
                    }
                }
            }
        }
        assertThat(Sql.count("two_nodes")).isEqualTo(2);
        assertThat(Sql.rowsPerNode("two_nodes").values().stream().mapToLong(Long::longValue).sum()).isEqualTo(2);
    }
}
