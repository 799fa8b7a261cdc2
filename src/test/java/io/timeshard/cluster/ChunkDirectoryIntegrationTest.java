package io.timeshard.cluster;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.timeshard.catalog.Catalog;
import io.timeshard.catalog.Hypertable;
import io.timeshard.catalog.HypertableCatalog;
import io.timeshard.catalog.RootTable;
import io.timeshard.embedded.PostgresInstance;
import io.timeshard.testing.TestCluster;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Chunk creation against the real catalog, with as few home connections as sessions creating chunks. */
class ChunkDirectoryIntegrationTest {
    private static final long DAY = 86_400_000_000L;
    private static final long FEBRUARY_2024 = 19_754 * DAY;

    @Test
    void creatorsWaitingForTheCatalogLockLeaveTheHolderAllItNeeds() throws Exception {
        try (Connection client = TestCluster.connect(); Statement statement = client.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS chunk_creators");
            statement.execute("CREATE TABLE chunk_creators (time timestamptz NOT NULL, device int NOT NULL)");
            statement.execute("SELECT create_distributed_hypertable('chunk_creators', 'time', 'device', chunk_time_interval => interval '1 day')");
        }
        PostgresInstance home = TestCluster.get().home();
        int creators = 3;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(home.jdbcUrl("timeshard"));
        config.setUsername(PostgresInstance.SUPERUSER);
        config.setMaximumPoolSize(creators); // each creator holds one while it waits for the lock
        config.setConnectionTimeout(5_000);
        try (HikariDataSource pool = new HikariDataSource(config);
             DataNodeConnections connections = new DataNodeConnections(new Catalog(pool)::requireDataNode, new io.timeshard.cluster.NodeHealth(new Catalog(pool)))) {
            HypertableCatalog hypertables = new HypertableCatalog(pool);
            Hypertable hypertable = hypertables.hypertables().stream().filter(found -> found.tableName().equals("chunk_creators"))
                    .findFirst().orElseThrow();
            ChunkDirectory directory = new ChunkDirectory(hypertables, connections, new ForeignChunks(pool, new ForeignChunks.Loopback("127.0.0.1", home.port(), "timeshard",
                    PostgresInstance.SUPERUSER, java.util.Optional.empty())));
            Supplier<RootTable> root = () -> readRoot(home);
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(creators);
            try {
                List<Future<Integer>> created = new ArrayList<>();
                for (int day = 0; day < creators; day++) {
                    long time = FEBRUARY_2024 + day * DAY;
                    created.add(threads.submit(() -> {
                        start.await();
                        return directory.chunkFor(hypertable, time, 0, root).id();
                    }));
                }
                start.countDown();
                List<Integer> ids = new ArrayList<>();
                for (Future<Integer> chunk : created) {
                    ids.add(chunk.get());
                }
                assertThat(ids).doesNotHaveDuplicates().hasSize(creators);
            } finally {
                threads.shutdownNow();
            }
        }
    }

    private static RootTable readRoot(PostgresInstance home) {
        try (Connection connection = home.connect("timeshard"); Statement statement = connection.createStatement()) {
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery(RootTable.QUERY.replace("$1", "'public.chunk_creators'"))) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(result.getString(i));
                    }
                    rows.add(row);
                }
            }
            return RootTable.fromRows(rows).orElseThrow();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
