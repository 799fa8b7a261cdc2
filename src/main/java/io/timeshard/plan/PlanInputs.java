package io.timeshard.plan;

import io.timeshard.catalog.Chunk;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * What one execution of an analysed query is planned with. {@code chunks}: those the WHERE clause
 * leaves; {@code now}: the access node's value of now() and friends by type; {@code limit} and
 * {@code offset}: the query's, with parameters read; {@code version}: names the table definitions
 * the query was analysed against, and ends every remote query (see {@link QueryCache#version()});
 * {@code isoDates}: the session prints time values in ISO style, so the access node may merge
 * them; {@code ownConnections}: every remote query gets a connection of its own (no transaction
 * block holds one per node); {@code spaceValuesNamed}: the WHERE clause fixes the space column to
 * values (= or IN), so each node reads the rows of those values only.
 */
record PlanInputs(List<Chunk> chunks, Map<String, String> now, OptionalLong limit, long offset, String version, boolean isoDates,
                  boolean ownConnections, boolean spaceValuesNamed) {
    PlanInputs {
        chunks = List.copyOf(chunks);
        now = Map.copyOf(now);
        requireNonNull(limit, "limit is null");
        requireNonNull(version, "version is null");
    }
}
