-- Chunks copied and moved between data nodes online (see io.timeshard.cluster.ChunkMoves).

-- One row per copy or move; completed_stage is the last stage done (TimescaleDB's names).
CREATE TABLE _timeshard_catalog.chunk_copy_operation (
    operation_id name PRIMARY KEY,
    chunk_id integer NOT NULL,
    source_node_name name NOT NULL,
    dest_node_name name NOT NULL,
    delete_on_source_node boolean NOT NULL,
    completed_stage text NOT NULL,
    time_start timestamptz NOT NULL DEFAULT now(),
    time_end timestamptz,
    error text
);

CREATE VIEW timescaledb_experimental.chunk_copy_operations AS
SELECT o.operation_id, o.completed_stage, o.time_start, o.time_end, o.chunk_id,
       h.associated_schema_name || '.' || k.table_name AS chunk_name, o.source_node_name, o.dest_node_name,
       o.delete_on_source_node, o.error
FROM _timeshard_catalog.chunk_copy_operation o
LEFT JOIN _timeshard_catalog.chunk k ON k.id = o.chunk_id
LEFT JOIN _timeshard_catalog.hypertable h ON h.id = k.hypertable_id;
GRANT SELECT ON _timeshard_catalog.chunk_copy_operation, timescaledb_experimental.chunk_copy_operations TO PUBLIC;

CREATE PROCEDURE timescaledb_experimental.copy_chunk(chunk regclass, source_node name = NULL, destination_node name = NULL,
                                                     operation_id name = NULL)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM _timeshard_catalog.call('copy_chunk', jsonb_build_object('chunk', chunk::text, 'source_node', source_node,
        'destination_node', destination_node, 'operation_id', operation_id));
END
$$;

CREATE PROCEDURE timescaledb_experimental.move_chunk(chunk regclass, source_node name = NULL, destination_node name = NULL,
                                                     operation_id name = NULL)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM _timeshard_catalog.call('move_chunk', jsonb_build_object('chunk', chunk::text, 'source_node', source_node,
        'destination_node', destination_node, 'operation_id', operation_id));
END
$$;

CREATE PROCEDURE timescaledb_experimental.cleanup_copy_chunk_operation(operation_id name)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM _timeshard_catalog.call('cleanup_copy_chunk_operation', jsonb_build_object('operation_id', operation_id));
END
$$;

-- Writers to a chunk being copied check their replicas before they commit: they must learn of it.
CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON _timeshard_catalog.chunk_copy_operation
    FOR EACH STATEMENT EXECUTE FUNCTION _timeshard_catalog.notify_change();
