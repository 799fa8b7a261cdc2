package io.timeshard.node;

import io.timeshard.embedded.PostgresInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;

/** The bundled superuser's password: made up once, kept in a file only its owner reads, set in the home database. */
final class SuperuserPassword {
    private SuperuserPassword() {}

    static String ensure(Path file, PostgresInstance home) {
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[18];
                new SecureRandom().nextBytes(random);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n");
            }
            String password = Files.readString(file).strip();
            try (Connection connection = home.connect("postgres"); Statement statement = connection.createStatement()) {
                statement.execute("SET password_encryption = 'scram-sha-256'");
                statement.execute("ALTER ROLE " + PostgresInstance.SUPERUSER + " PASSWORD '" + password + "'");
            }
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the superuser's password in " + file + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set the superuser's password: " + e.getMessage(), e);
        }
    }
}
