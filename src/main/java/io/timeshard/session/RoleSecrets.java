package io.timeshard.session;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.home.StoredSecret;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The roles' stored passwords, read from the home database's pg_authid (which needs a superuser). */
public final class RoleSecrets {
    private static final String QUERY = "SELECT rolpassword, rolvaliduntil IS NOT NULL AND rolvaliduntil < now()"
            + " FROM pg_catalog.pg_authid WHERE rolname = ?";

    private final DataSource home;

    public RoleSecrets(DataSource home) {
        this.home = home;
    }

    /** The role's password, when it has a usable one: none for a missing role, no password, or one past VALID UNTIL. */
    Optional<StoredSecret> find(String role) {
        try (Connection connection = home.getConnection(); PreparedStatement statement = connection.prepareStatement(QUERY)) {
            statement.setString(1, role);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next() || rows.getBoolean(2)) {
                    return Optional.empty();
                }
                return StoredSecret.parse(rows.getString(1));
            }
        } catch (SQLException e) {
            throw TimeshardException.of(ErrorCode.INTERNAL_ERROR, "the access node cannot read the roles' passwords from the home"
                    + " database (pg_authid; its role must be a superuser): " + e.getMessage(), e);
        }
    }
}
