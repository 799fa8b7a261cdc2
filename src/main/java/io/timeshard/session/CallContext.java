package io.timeshard.session;

import io.timeshard.protocol.TransactionStatus;

import static java.util.Objects.requireNonNull;

/** Who calls a timeshard function and in what transaction state. */
public record CallContext(String user, TransactionStatus transactionStatus) {
    public CallContext {
        requireNonNull(user, "user is null");
        requireNonNull(transactionStatus, "transactionStatus is null");
    }
}
