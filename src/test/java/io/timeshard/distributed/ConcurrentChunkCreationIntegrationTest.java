package io.timeshard.distributed;

import io.timeshard.embedded.PostgresInstance;
import io.timeshard.home.HomeEndpoint;
import io.timeshard.node.AccessNode;
import io.timeshard.testing.TestCluster;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Sessions creating chunks at once on a fresh access node, which has no data node pool yet. */
class ConcurrentChunkCreationIntegrationTest {
    private static final int SESSIONS = 20;

    @Test
    void sessionsCreatingTheFirstChunksAtOnceAllSucceed() throws Exception {
        Sql.createConditions("chunk_race");
        PostgresInstance home = TestCluster.get().home();
        try (AccessNode fresh = AccessNode.start(new HomeEndpoint("127.0.0.1", home.port(), "timeshard", "postgres", Optional.empty()),
                "127.0.0.1", 0)) {
            Properties properties = new Properties();
            properties.setProperty("user", "postgres");
            String url = "jdbc:postgresql://127.0.0.1:" + fresh.port() + "/timeshard";
            List<Connection> connections = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                connections.add(DriverManager.getConnection(url, properties));
            }
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService writers = Executors.newFixedThreadPool(SESSIONS);
            try {
                List<Future<Integer>> inserted = new ArrayList<>();
                for (int i = 0; i < SESSIONS; i++) {
                    Connection connection = connections.get(i);
                    String day = String.format("2024-02-%02d", i + 1); // each session its own day: its own chunks
                    inserted.add(writers.submit(() -> {
                        start.await();
                        try (Statement statement = connection.createStatement()) {
                            return statement.executeUpdate("INSERT INTO chunk_race VALUES ('" + day + " 10:00+00', 'a', 1, 1), ('"
                                    + day + " 11:00+00', 'b', 2, 2)");
                        }
                    }));
                }
                start.countDown();
                for (Future<Integer> rows : inserted) {
                    assertThat(rows.get()).isEqualTo(2);
                }
            } finally {
                writers.shutdownNow();
                for (Connection connection : connections) {
                    connection.close();
                }
            }
        }
        assertThat(Sql.count("chunk_race")).isEqualTo(2L * SESSIONS);
    }
}
