package io.timeshard.catalog;

import io.timeshard.testing.TestCluster;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogIntegrationTest {
    private static PGSimpleDataSource home() {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(TestCluster.get().home().jdbcUrl("timeshard"));
        source.setUser("postgres");
        return source;
    }

    @Test
    void migrationsAreIdempotent() {
        assertThat(CatalogMigrations.migrate(home())).isEqualTo(CatalogMigrations.latestVersion());
        assertThat(CatalogMigrations.migrate(home())).isEqualTo(CatalogMigrations.latestVersion());
    }

    @Test
    void storesDataNodesWithoutShowingPasswords() {
        Catalog catalog = new Catalog(home());
        DataNode node = new DataNode("catalog_test_node", "example.invalid", 5999, "db", "postgres", Optional.of("hunter2"), true, false, java.time.Instant.now());
        catalog.insertDataNode(node);
        try {
            assertThat(catalog.requireDataNode("catalog_test_node")).usingRecursiveComparison().ignoringFields("stateSince").isEqualTo(node);
            assertThat(node.toString()).doesNotContain("hunter2");
            catalog.updateDataNode(node.withForcedAvailability(false).withConnection("other.invalid", 6000, "db2"));
            assertThat(catalog.requireDataNode("catalog_test_node").host()).isEqualTo("other.invalid");
            assertThat(catalog.requireDataNode("catalog_test_node").availabilityForced()).isTrue();
            assertThat(catalog.recordHealth("catalog_test_node", true, Optional.empty())).as("a forced state holds").isFalse();
            assertThat(catalog.chunkCount("catalog_test_node")).isZero();
        } finally {
            assertThat(catalog.deleteDataNode("catalog_test_node")).isTrue();
        }
        assertThat(catalog.dataNode("catalog_test_node")).isEmpty();
        assertThat(catalog.clusterId()).isNotNull();
    }
}
