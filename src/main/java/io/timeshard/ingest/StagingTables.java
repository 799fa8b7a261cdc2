package io.timeshard.ingest;

import io.timeshard.catalog.Hypertable;
import io.timeshard.catalog.RootTable;
import io.timeshard.home.HomeConnection;
import io.timeshard.sql.SqlText;

import io.timeshard.home.BoundStatement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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

    /**
     * The staging table, created or rebuilt as needed in {@code home}: the statements are sent but
     * not awaited, so that the INSERT into it goes in the same round trip.
     */
    Staging prepare(HomeConnection home, Hypertable hypertable, RootTable root) {
        String name = name(hypertable);
        List<HomeConnection.Answer> setup = new ArrayList<>();
        String shape = root.columns().toString();
        if (!shape.equals(shapes.get(hypertable.id()))) {
            setup.add(home.own(() -> home.begin(BoundStatement.ofText("SELECT _timeshard_catalog.drop_temp_copy($1)", home, name))));
            shapes.put(hypertable.id(), shape);
        }
        // IF NOT EXISTS: a rolled-back transaction may have taken the table along.
        setup.add(home.own(() -> home.begin(BoundStatement.ofText("SELECT _timeshard_catalog.create_temp_copy($1, $2::regclass, true)",
                home, name, SqlText.qualified(root.schemaName(), root.tableName())))));
        return new Staging("pg_temp." + SqlText.identifier(name), setup);
    }

    /** A staging table's qualified name, and the statements preparing it. */
    record Staging(String table, List<HomeConnection.Answer> setup) {
        /** Fails with the first error of the preparing statements. */
        void requireReady() {
            for (HomeConnection.Answer answer : setup) {
                if (answer.outcome().error() != null) {
                    throw HomeConnection.toException(answer.outcome().error());
                }
            }
        }
    }
}
