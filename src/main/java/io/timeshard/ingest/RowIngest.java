package io.timeshard.ingest;

import io.timeshard.catalog.RootTable;
import io.timeshard.home.StatementScope;

/**
 * Writes to distributed hypertables for one session, the statement entry of ingest: COPY FROM,
 * INSERT (literal rows read here, anything else evaluated at home through a staging table),
 * UPDATE and DELETE. Owned by the session's thread.
 */
public final class RowIngest {
    private final StagingTables staging = new StagingTables();

    /** COPY FROM STDIN into the hypertable whose root table is {@code root}; sends CommandComplete. */
    public void copy(StatementScope scope, RootTable root) {
        CopyIntoHypertable.run(scope, root);
    }

    /**
     * INSERT into the hypertable whose root table is {@code root}; sends any RETURNING rows and
     * CommandComplete. {@code privileges}: the check under way, awaited before any row is written.
     */
    public void insert(StatementScope scope, RootTable root, StatementScope.PrivilegeCheck privileges) {
        InsertIntoHypertable.run(scope, root, staging, privileges);
    }

    /** UPDATE or DELETE; sends any RETURNING rows and CommandComplete. */
    public void modify(StatementScope scope) {
        ModifyHypertable.run(scope);
    }
}
