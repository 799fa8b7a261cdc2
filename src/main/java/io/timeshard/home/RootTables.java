package io.timeshard.home;

import io.timeshard.catalog.Hypertable;
import io.timeshard.catalog.RootTable;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The root tables' definitions as one session sees them: read once per hypertable, again after
 * the hypertable registry changed (another session's DDL), DDL may have changed privileges or row
 * security ({@code PrivilegeEpoch}), or this session changed a hypertable
 * ({@link #clear}, also when a transaction block ends, which may roll such a change back). Owned
 * by the session's thread.
 */
public final class RootTables {
    private final Map<Integer, RootTable> byHypertable = new HashMap<>();
    private long generation = -1;
    private long privilegeEpoch = -1;

    /** {@code currentGeneration}: the registry's; {@code currentEpoch}: the privileges' (row security may have changed). */
    RootTable get(Hypertable hypertable, long currentGeneration, long currentEpoch, Supplier<RootTable> read) {
        if (currentGeneration != generation || currentEpoch != privilegeEpoch) {
            byHypertable.clear();
            generation = currentGeneration;
            privilegeEpoch = currentEpoch;
        }
        RootTable root = byHypertable.get(hypertable.id());
        if (root == null) {
            root = read.get();
            byHypertable.put(hypertable.id(), root);
        }
        return root;
    }

    public void clear() {
        byHypertable.clear();
    }
}
