package io.timeshard.txn;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.sql.SqlText;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The decision of a single statement's two-phase commit, in a home transaction of its own. */
public final class StatementCommitDecision implements CommitDecision {
    private final DataSource home;
    private Connection connection;

    public StatementCommitDecision(DataSource home) {
        this.home = home;
    }

    @Override
    public String begin() {
        try {
            connection = home.getConnection();
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement("SELECT txid_current()");
                 ResultSet rows = statement.executeQuery()) {
                rows.next();
                return TransactionIds.newId(rows.getLong(1));
            }
        } catch (SQLException e) {
            abandon();
            throw failure("could not begin the commit decision", e);
        }
    }

    /** In one round trip: the record and the COMMIT go together. */
    @Override
    public void recordAndCommit(String id) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(CommitLog.RECORD.replace("?", SqlText.literal(id)) + "; COMMIT");
        } catch (SQLException e) {
            throw failure("could not record the commit decision", e);
        } finally {
            close();
        }
    }

    @Override
    public void commit() {
        if (connection == null) {
            return; // a plain commit: nothing was decided here
        }
        try {
            connection.commit();
        } catch (SQLException e) {
            throw failure("could not commit the decision", e);
        } finally {
            close();
        }
    }

    @Override
    public void abandon() {
        if (connection != null) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // closing the connection rolls back as well
            }
            close();
        }
    }

    private void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the pool replaces broken connections
        }
        connection = null;
    }

    private static TimeshardException failure(String what, SQLException e) {
        return TimeshardException.of(ErrorCode.CONNECTION_FAILURE, what + " in the home database: " + e.getMessage(), e);
    }
}
