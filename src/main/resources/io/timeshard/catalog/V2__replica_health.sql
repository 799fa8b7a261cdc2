-- Data node health and replica freshness (see io.timeshard.cluster.NodeHealth and ReplicaRepair).

-- available is kept by the access nodes' health checks unless availability_forced: an operator's
-- alter_data_node(available => false) holds until alter_data_node(available => true).
ALTER TABLE _timeshard_catalog.data_node
    ADD COLUMN available_changed_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN last_error text,
    ADD COLUMN availability_forced boolean NOT NULL DEFAULT false;

-- position: the replica's place in the chunk's placement order (reads prefer the first available).
-- stale_since: the replica missed writes (its node was down) and is not read until repaired.
ALTER TABLE _timeshard_catalog.chunk_replica
    ADD COLUMN position smallint NOT NULL DEFAULT 0,
    ADD COLUMN stale_since timestamptz;

-- Chunk tables dropped while their node was down, dropped there when it returns.
CREATE TABLE _timeshard_catalog.pending_drop (
    node_name name NOT NULL REFERENCES _timeshard_catalog.data_node ON UPDATE CASCADE ON DELETE CASCADE,
    schema_name name NOT NULL,
    table_name name NOT NULL,
    PRIMARY KEY (node_name, schema_name, table_name)
);

CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON _timeshard_catalog.chunk_replica
    FOR EACH STATEMENT EXECUTE FUNCTION _timeshard_catalog.notify_change();
CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON _timeshard_catalog.data_node
    FOR EACH STATEMENT EXECUTE FUNCTION _timeshard_catalog.notify_change();

CREATE OR REPLACE VIEW timescaledb_information.data_nodes AS
SELECT node_name,
       owner,
       ARRAY['host=' || host, 'port=' || port, 'dbname=' || database] AS options,
       available,
       available_changed_at AS state_since,
       last_error,
       availability_forced
FROM _timeshard_catalog.data_node;

CREATE OR REPLACE VIEW timescaledb_information.chunks AS
SELECT h.schema_name AS hypertable_schema,
       h.table_name AS hypertable_name,
       h.associated_schema_name AS chunk_schema,
       k.table_name AS chunk_name,
       d.column_name AS primary_dimension,
       d.column_type::regtype AS primary_dimension_type,
       CASE WHEN d.column_type NOT IN ('smallint', 'integer', 'bigint') THEN _timeshard_catalog.to_timestamptz(k.range_start) END AS range_start,
       CASE WHEN d.column_type NOT IN ('smallint', 'integer', 'bigint') THEN _timeshard_catalog.to_timestamptz(k.range_end) END AS range_end,
       CASE WHEN d.column_type IN ('smallint', 'integer', 'bigint') THEN k.range_start END AS range_start_integer,
       CASE WHEN d.column_type IN ('smallint', 'integer', 'bigint') THEN k.range_end END AS range_end_integer,
       false AS is_compressed,
       NULL::name AS chunk_tablespace,
       ARRAY(SELECT r.node_name FROM _timeshard_catalog.chunk_replica r
             WHERE r.chunk_id = k.id ORDER BY r.position, r.node_name)::name[] AS data_nodes
FROM _timeshard_catalog.chunk k
JOIN _timeshard_catalog.hypertable h ON h.id = k.hypertable_id
JOIN _timeshard_catalog.dimension d ON d.hypertable_id = h.id AND d.is_time;

CREATE SCHEMA IF NOT EXISTS timescaledb_experimental;
GRANT USAGE ON SCHEMA timescaledb_experimental TO PUBLIC;

-- TimescaleDB's view, with the stale replicas beside: num_replicas counts the fresh ones only.
CREATE VIEW timescaledb_experimental.chunk_replication_status AS
SELECT h.schema_name AS hypertable_schema,
       h.table_name AS hypertable_name,
       h.associated_schema_name AS chunk_schema,
       k.table_name AS chunk_name,
       h.replication_factor AS desired_num_replicas,
       (SELECT count(*) FROM _timeshard_catalog.chunk_replica r WHERE r.chunk_id = k.id AND r.stale_since IS NULL)::integer
           AS num_replicas,
       ARRAY(SELECT r.node_name FROM _timeshard_catalog.chunk_replica r
             WHERE r.chunk_id = k.id AND r.stale_since IS NULL ORDER BY r.position, r.node_name)::name[] AS replica_nodes,
       ARRAY(SELECT n.node_name FROM _timeshard_catalog.hypertable_data_node n
             WHERE n.hypertable_id = h.id AND NOT EXISTS (SELECT FROM _timeshard_catalog.chunk_replica r
                                                          WHERE r.chunk_id = k.id AND r.node_name = n.node_name)
             ORDER BY n.attach_order)::name[] AS non_replica_nodes,
       ARRAY(SELECT r.node_name FROM _timeshard_catalog.chunk_replica r
             WHERE r.chunk_id = k.id AND r.stale_since IS NOT NULL ORDER BY r.position, r.node_name)::name[] AS stale_replica_nodes
FROM _timeshard_catalog.chunk k
JOIN _timeshard_catalog.hypertable h ON h.id = k.hypertable_id;

GRANT SELECT ON timescaledb_information.data_nodes, timescaledb_information.chunks,
    timescaledb_experimental.chunk_replication_status TO PUBLIC;
GRANT SELECT ON _timeshard_catalog.pending_drop TO PUBLIC;
