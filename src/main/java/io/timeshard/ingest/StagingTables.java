package io.timeshard.ingest;

import io.timeshard.catalog.Hypertable;
import io.timeshard.catalog.RootTable;
import io.timeshard.home.HomeConnection;
import io.timeshard.sql.SqlText;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-session temporary copies of root tables that INSERT rows pass through in the home database,
 * so that PostgreSQL itself evaluates the values: casts, defaults, NOT NULL and CHECK constraints.
 * Rows vanish at commit. Rebuilt when the root table's columns change.
 */
final class StagingTables {
    private final Map<Integer, String> shapes = new HashMap<>();

    static String name(Hypertable hypertable) {
        return "_timeshard_stage_" + hypertable.id();
    }

    /** The staging table's qualified name, created or rebuilt as needed in {@code home}. */
    String prepare(HomeConnection home, Hypertable hypertable, RootTable root) {
        String name = name(hypertable);
        String qualified = "pg_temp." + SqlText.identifier(name);
        String shape = root.columns().toString();
        if (!shape.equals(shapes.get(hypertable.id()))) {
            home.query("SELECT _timeshard_catalog.drop_temp_copy($1)", name);
            shapes.put(hypertable.id(), shape);
        }
        // IF NOT EXISTS: a rolled-back transaction may have taken the table along.
        home.query("SELECT _timeshard_catalog.create_temp_copy($1, $2::regclass, true)", name,
                SqlText.qualified(root.schemaName(), root.tableName()));
        return qualified;
    }
}
