package io.timeshard.home;

import io.timeshard.sql.TransactionCommand;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The privilege checks one session passed, by the shape of their probe, remembered while nothing
 * may have taken the privileges away: the cluster's privilege epoch is the same (no DDL, no change
 * of roles), and the session ran none of the client's own SQL at home meanwhile, which may have
 * changed its current role (SET ROLE, set_config, a function doing either). Transaction control
 * does not count, except the end of a transaction in which such SQL ran (SET LOCAL ROLE ends with
 * it). Owned by the session's thread.
 */
public final class PrivilegeChecks {
    private static final int KEPT = 1_000;
    private static final Pattern BEGIN = Pattern.compile("^\\s*(?i:begin|start\\s+transaction)\\b");

    /** When a check began: it is remembered only if nothing changed before it passed. */
    public record Stamp(long epoch, long clientStatements) {}

    private final Set<String> passed = new HashSet<>();
    private long epoch = -1;
    private long statementsAtPassed = -1;
    private long clientStatements;
    private long clientStatementsAtTransactionStart;

    /** Notes a statement of the client's that the home session runs; null when its text is not known. */
    void clientStatementRuns(String sql) {
        Optional<TransactionCommand> command = sql == null ? Optional.empty() : TransactionCommand.parse(sql);
        if (command.isPresent()) {
            if (command.get().kind() != TransactionCommand.Kind.SAVEPOINT && clientStatements != clientStatementsAtTransactionStart) {
                clientStatements++;
            }
            if (command.get().kind() != TransactionCommand.Kind.SAVEPOINT && command.get().kind() != TransactionCommand.Kind.ROLLBACK_TO
                    && command.get().kind() != TransactionCommand.Kind.RELEASE) {
                clientStatementsAtTransactionStart = clientStatements;
            }
        } else if (sql != null && BEGIN.matcher(sql).find()) {
            clientStatementsAtTransactionStart = clientStatements;
        } else {
            clientStatements++;
        }
    }

    /** {@code currentEpoch}: -1 when nothing may be remembered. */
    public boolean hasPassed(String shape, long currentEpoch) {
        return current(currentEpoch) && passed.contains(shape);
    }

    public Stamp stamp(long currentEpoch) {
        return new Stamp(currentEpoch, clientStatements);
    }

    /** Remembers a check that passed, unless something changed since it began ({@code stamp}). */
    public void recordPassed(String shape, Stamp stamp, long currentEpoch) {
        if (stamp.epoch() == currentEpoch && stamp.clientStatements() == clientStatements) {
            current(currentEpoch);
            if (currentEpoch >= 0) {
                if (passed.size() >= KEPT) {
                    passed.clear();
                }
                passed.add(shape);
            }
        }
    }

    /** True when what is remembered still stands; else forgets it and starts anew from now. */
    private boolean current(long currentEpoch) {
        if (currentEpoch >= 0 && currentEpoch == epoch && clientStatements == statementsAtPassed) {
            return true;
        }
        passed.clear();
        epoch = currentEpoch;
        statementsAtPassed = clientStatements;
        return false;
    }
}
