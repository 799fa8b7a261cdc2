package io.timeshard.catalog;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;

import javax.sql.DataSource;
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

    /** Catalog work on one home connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private CatalogStatements() {}

    /** {@code work} on a connection of {@code home}, in autocommit. */
    static <T> T inConnection(DataSource home, Work<T> work) {
        try (Connection connection = home.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    /** {@code work} in a transaction of its own, committed when it returns and rolled back when it throws. */
    static <T> T inTransaction(DataSource home, Work<T> work) {
        return inConnection(home, connection -> {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        });
    }

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
