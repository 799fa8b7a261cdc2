package io.timeshard.cli;

import io.timeshard.home.HomeEndpoint;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcUrlsTest {
    @Test
    void readsHostPortDatabaseAndCredentials() {
        HomeEndpoint endpoint = JdbcUrls.parse("jdbc:postgresql://db.example:5433/home?user=alice&password=p%40ss");
        assertThat(endpoint).isEqualTo(new HomeEndpoint("db.example", 5433, "home", "alice", Optional.of("p@ss")));
        assertThat(endpoint.toString()).doesNotContain("p@ss");
    }

    @Test
    void defaultsPortAndUser() {
        HomeEndpoint endpoint = JdbcUrls.parse("jdbc:postgresql://localhost/timeshard");
        assertThat(endpoint.port()).isEqualTo(5432);
        assertThat(endpoint.user()).isEqualTo("postgres");
    }
}
