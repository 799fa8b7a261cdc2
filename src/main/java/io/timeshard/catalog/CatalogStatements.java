package io.timeshard.catalog;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** Parameterised catalog statements over one JDBC connection; SQL NULL travels as {@link #NULL}. */
final class CatalogStatements {
    /** A SQL NULL in a parameter list, which cannot hold null itself. */
    static final Object NULL = new Object();

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rows) throws SQLException;
    }

    private CatalogStatements() {}

    static <T> List<T> query(Connection connection, String sql, List<?> parameters, RowMapper<T> mapper) {
        try (PreparedStatement statement = prepare(connection, sql, parameters); ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        } catch (SQLException e) {
            throw error(e);
        }
    }

    static int update(Connection connection, String sql, List<?> parameters) {
        try (PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw error(e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<?> parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.size(); i++) {
            Object value = parameters.get(i);
            if (value == NULL) {
                statement.setNull(i + 1, Types.NULL);
            } else {
                statement.setObject(i + 1, value);
            }
        }
        return statement;
    }

    static TimeshardException error(SQLException e) {
        if ("23505".equals(e.getSQLState())) {
            return TimeshardException.of(ErrorCode.DUPLICATE_OBJECT, "the catalog already has this entry: " + e.getMessage(), e);
        }
        return TimeshardException.of(ErrorCode.INTERNAL_ERROR, "catalog access failed: " + e.getMessage(), e);
    }
}
