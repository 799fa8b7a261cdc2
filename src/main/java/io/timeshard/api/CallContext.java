package io.timeshard.api;

import io.timeshard.protocol.TransactionStatus;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** Who calls a timeshard function, in what transaction state, and the caller's own home session. */
public record CallContext(String user, TransactionStatus transactionStatus, HomeQueries home) {
    public CallContext {
        requireNonNull(user, "user is null");
        requireNonNull(transactionStatus, "transactionStatus is null");
        requireNonNull(home, "home is null");
    }

    /** Statements run in the caller's home-database session, inside its transaction. */
    @FunctionalInterface
    public interface HomeQueries {
        List<List<String>> query(String sql, String... parameters);
    }
}
