package io.timeshard.txn;

/**
 * Where the outcome of a two-phase commit is decided: a transaction in the home database that
 * records the commit and then commits itself. After a crash, a prepared transaction commits if
 * and only if its record is there.
 */
public interface CommitDecision {
    /** Starts the deciding transaction; returns the id that names the prepared transactions (holds the home xid). */
    String begin();

    /** Records, inside the deciding transaction, that transaction {@code id} commits, and commits it: from here on the commit is decided. */
    void recordAndCommit(String id);

    /** Commits the deciding transaction when nothing was prepared (a plain commit). */
    void commit();

    /** Abandons the deciding transaction: the prepared transactions roll back. */
    void abandon();
}
