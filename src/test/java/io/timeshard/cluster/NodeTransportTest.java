package io.timeshard.cluster;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class NodeTransportTest {
    @Test
    void libpqsTlsVariablesBecomeConnectionOptions() {
        NodeTransport transport = NodeTransport.fromEnvironment(Map.of("PGSSLMODE", "verify-full", "PGSSLROOTCERT", "/etc/ca.crt",
                "PGSSLKEY", "", "PGHOST", "ignored"));
        assertThat(transport.options()).containsExactlyInAnyOrderEntriesOf(Map.of("sslmode", "verify-full", "sslrootcert", "/etc/ca.crt"));
        Properties properties = new Properties();
        transport.applyTo(properties);
        assertThat(properties).containsEntry("sslmode", "verify-full").containsEntry("sslrootcert", "/etc/ca.crt");
    }
}
