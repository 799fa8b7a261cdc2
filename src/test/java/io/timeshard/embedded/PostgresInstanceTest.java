package io.timeshard.embedded;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PostgresInstanceTest {
    @Test
    void refusesAtOnceADataDirectoryThePostgresUserCannotReachUnderRoot() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "PostgreSQL runs as another user only when timeshard runs as root");
        Path closed = Files.createTempDirectory("timeshard-closed", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        assertThatThrownBy(() -> PostgresInstance.start(PostgresOptions.of(closed.resolve("node"), 0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(closed.resolve("node").toString()).hasMessageContaining("every user may reach");
    }
}
