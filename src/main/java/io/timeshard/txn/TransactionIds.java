package io.timeshard.txn;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Names of prepared transactions: {@code ts_<home xid>_<random>@<node>}. The home transaction id
 * lets the resolver tell a decision still in flight from one that will never come.
 */
final class TransactionIds {
    static final String PREFIX = "ts_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TransactionIds() {}

    static String newId(long homeXid) {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return PREFIX + homeXid + "_" + HexFormat.of().formatHex(random);
    }

    static String preparedName(String id, String nodeName) {
        return id + "@" + nodeName;
    }

    /** The transaction id of a prepared transaction's name, if timeshard made it. */
    static Optional<String> idOf(String preparedName) {
        int at = preparedName.indexOf('@');
        return preparedName.startsWith(PREFIX) && at > 0 ? Optional.of(preparedName.substring(0, at)) : Optional.empty();
    }

    static long homeXid(String id) {
        return Long.parseLong(id.substring(PREFIX.length(), id.indexOf('_', PREFIX.length())));
    }
}
