package io.timeshard.ingest;

import io.timeshard.catalog.Chunk;
import io.timeshard.cluster.ChunkTables;
import io.timeshard.cluster.RemoteErrors;
import io.timeshard.error.TimeshardException;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import java.sql.SQLException;

/** A COPY into one chunk on one node, begun there and waiting for its rows. */
record ChunkCopy(String node, CopyTarget target, Chunk chunk, CopyIn in) {
    /** {@code batch}: the batch the COPY is for, to name its line in an error; null when opened ahead of it. */
    static ChunkCopy start(String node, CopyManager copy, CopyTarget target, Chunk chunk, ChunkBuffer.Batch batch) {
        try {
            return new ChunkCopy(node, target, chunk, copy.copyIn(target.copyStatement(ChunkTables.qualified(chunk))));
        } catch (SQLException e) {
            throw failure(node, target, e, batch);
        }
    }

    /** Sends the batch's rows (none when null), ends the COPY and returns the rows the node stored. */
    long end(ChunkBuffer.Batch batch) {
        try {
            write(target.format().streamHeader());
            if (batch != null) {
                in.writeToCopy(batch.data(), 0, batch.length());
            }
            write(target.format().streamTrailer());
            return in.endCopy();
        } catch (SQLException e) {
            throw failure(node, target, e, batch);
        }
    }

    /** The node's error, naming the client's line when it is about a batch's row. */
    private static TimeshardException failure(String node, CopyTarget target, SQLException e, ChunkBuffer.Batch batch) {
        TimeshardException error = RemoteErrors.from(node, e);
        return batch == null ? error : target.describe(error, batch);
    }

    private void write(byte[] bytes) throws SQLException {
        if (bytes.length > 0) {
            in.writeToCopy(bytes, 0, bytes.length);
        }
    }

    void cancel() {
        try {
            if (in.isActive()) {
                in.cancelCopy();
            }
        } catch (SQLException ignored) {
            // the remote transaction is rolled back anyway
        }
    }
}
