package io.timeshard.home;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.protocol.TransactionStatus;
import io.timeshard.txn.CommitDecision;
import io.timeshard.txn.CommitLog;

import java.util.List;

/**
 * The decision of a two-phase commit taken by the client's own home transaction: the commit
 * record is written inside it, and its COMMIT decides. Whatever the client wrote to local tables
 * commits atomically with the data nodes.
 */
public final class HomeCommitDecision implements CommitDecision {
    private final HomeConnection home;
    private String commandTag = "COMMIT";

    public HomeCommitDecision(HomeConnection home) {
        this.home = home;
    }

    @Override
    public String begin() {
        return CommitLog.newTransactionId(Long.parseLong(home.query("SELECT txid_current()").get(0).get(0)));
    }

    @Override
    public void recordAndCommit(String id) {
        home.query(CommitLog.RECORD.replace("?", "$1"), id);
        commit();
    }

    @Override
    public void commit() {
        HomeConnection.Outcome outcome = home.execute("COMMIT", List.of(), List.of(), List.of());
        if (outcome.error() != null) {
            throw HomeConnection.toException(outcome.error());
        }
        commandTag = outcome.commandTag();
        if ("ROLLBACK".equals(commandTag)) {
            throw TimeshardException.of(ErrorCode.ACTIVE_SQL_TRANSACTION, "the transaction was rolled back in the home database");
        }
    }

    @Override
    public void abandon() {
        if (home.status() != TransactionStatus.IDLE) {
            home.query("ROLLBACK");
            commandTag = "ROLLBACK";
        }
    }

    public String commandTag() {
        return commandTag;
    }
}
