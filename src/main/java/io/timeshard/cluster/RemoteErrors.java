package io.timeshard.cluster;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;

/** Turns an error a data node raised into ours: its SQLSTATE, message, detail and hint, with the node named. */
public final class RemoteErrors {
    private RemoteErrors() {}

    public static TimeshardException from(String nodeName, SQLException error) {
        ServerErrorMessage server = error instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
        if (server == null) {
            String sqlState = error.getSQLState();
            if (sqlState == null || sqlState.startsWith("08")) {
                return TimeshardException.of(ErrorCode.CONNECTION_FAILURE, "lost the connection to data node \"" + nodeName + "\": "
                        + error.getMessage(), error);
            }
            return TimeshardException.fromPostgres(sqlState, error.getMessage(), null, null, error)
                    .withContext("data node \"" + nodeName + "\"");
        }
        String where = server.getWhere();
        return TimeshardException.fromPostgres(server.getSQLState(), server.getMessage(), server.getDetail(), server.getHint(), error)
                .withContext((where == null ? "" : where + "\n") + "data node \"" + nodeName + "\"");
    }
}
