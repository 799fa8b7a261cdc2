package io.timeshard.distributed;

import io.timeshard.node.LocalCluster;
import io.timeshard.testing.TestCluster;

import java.sql.SQLException;

/** The two sides of a differential test, loaded with DifferentialData's rows: timeshard, and one plain PostgreSQL database. */
record DifferentialSides(QuerySide timeshard, QuerySide reference) implements AutoCloseable {
    static DifferentialSides load(int queryTimeoutSeconds) throws SQLException {
        LocalCluster cluster = TestCluster.get();
        cluster.home().createDatabaseIfMissing(DifferentialData.REFERENCE_DATABASE);
        QuerySide reference = new QuerySide(() -> cluster.home().connect(DifferentialData.REFERENCE_DATABASE), queryTimeoutSeconds);
        QuerySide timeshard = new QuerySide(TestCluster::connect, queryTimeoutSeconds);
        DifferentialData.load(timeshard.connection(), reference.connection());
        return new DifferentialSides(timeshard, reference);
    }

    @Override
    public void close() {
        timeshard.close();
        reference.close();
    }
}
