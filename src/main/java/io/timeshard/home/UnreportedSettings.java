package io.timeshard.home;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * extra_float_digits and bytea_output of a client's home session, which change how values print,
 * and statement_timeout and idle_in_transaction_session_timeout, which the access node applies to
 * the nodes' parts of a statement and transaction: PostgreSQL reports none of them. Read once, then again after a statement that may have changed
 * them (SET, set_config, RESET, DISCARD) and, from then on, after every transaction end (which
 * undoes SET LOCAL). Owned by the session's thread.
 */
final class UnreportedSettings {
    private static final Pattern MAY_CHANGE = Pattern.compile("(?i)extra_float_digits|bytea_output|statement_timeout|idle_in_transaction_session_timeout|\\breset\\b|\\bdiscard\\b");
    /** What every statement MAY_CHANGE matches holds: a quick test first, for every statement passes here. */
    private static final List<String> WORDS = List.of("extra_float_digits", "bytea_output", "statement_timeout",
            "idle_in_transaction_session_timeout", "reset", "discard");
    private static final String READ = "SELECT current_setting('extra_float_digits'), current_setting('bytea_output'),"
            + " (SELECT setting FROM pg_settings WHERE name = 'statement_timeout'),"
            + " (SELECT setting FROM pg_settings WHERE name = 'idle_in_transaction_session_timeout')";

    private Map<String, String> values = Map.of();
    /** Startup options may have set them: read at first use. */
    private boolean stale = true;
    private boolean changedOnce;

    void noteStatement(String sql) {
        if (mayChange(sql)) {
            changedOnce = true;
            stale = true;
        }
    }

    private static boolean mayChange(String sql) {
        String lower = sql.toLowerCase(java.util.Locale.ROOT);
        return WORDS.stream().anyMatch(lower::contains) && MAY_CHANGE.matcher(sql).find();
    }

    void noteTransactionBoundary() {
        stale |= changedOnce;
    }

    /**
     * The settings by name; {@code query} runs a statement in the session. In a failed transaction
     * nothing can be read, and nothing can have changed since the failure: the last values stand.
     */
    Map<String, String> values(Function<String, List<List<String>>> query, boolean transactionFailed) {
        if (stale && !transactionFailed) {
            List<String> row = query.apply(READ).get(0);
            values = Map.of("extra_float_digits", row.get(0), "bytea_output", row.get(1), "statement_timeout", row.get(2),
                    "idle_in_transaction_session_timeout", row.get(3));
            stale = false;
        }
        return values;
    }
}
