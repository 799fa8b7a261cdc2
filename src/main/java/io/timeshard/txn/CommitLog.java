package io.timeshard.txn;

/** The statements on the home database's commit log of two-phase commits. */
public final class CommitLog {
    /** Parameter: the transaction id. Runs inside the deciding transaction (commit_log.sql checks that it is). */
    public static final String RECORD = "SELECT _timeshard_catalog.record_commit(?)";

    private CommitLog() {}

    /** The id of a new distributed transaction, for a home transaction whose txid_current() is {@code homeXid}. */
    public static String newTransactionId(long homeXid) {
        return TransactionIds.newId(homeXid);
    }
}
