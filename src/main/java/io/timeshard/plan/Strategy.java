package io.timeshard.plan;

import java.util.Locale;

/**
 * How a query on a distributed hypertable runs. FULL: the data nodes compute the final rows, the
 * access node appends or merges them. PARTIAL: the nodes compute partial aggregates, combined by
 * the access node. FALLBACK: the nodes send the matching rows and the home database runs the query.
 */
public enum Strategy {
    FULL, PARTIAL, FALLBACK;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
