-- The catalog of a timeshard cluster, in the home database.

REVOKE ALL ON SCHEMA _timeshard_catalog FROM PUBLIC;
GRANT USAGE ON SCHEMA _timeshard_catalog TO PUBLIC;

-- One row: the identity that data nodes record, so that a node cannot join two clusters.
CREATE TABLE _timeshard_catalog.cluster (
    cluster_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(),
    singleton boolean NOT NULL DEFAULT true UNIQUE CHECK (singleton)
);
INSERT INTO _timeshard_catalog.cluster DEFAULT VALUES;

CREATE TABLE _timeshard_catalog.data_node (
    node_name name PRIMARY KEY,
    host text NOT NULL,
    port integer NOT NULL CHECK (port BETWEEN 1 AND 65535),
    database name NOT NULL,
    owner name NOT NULL,
    password text,
    available boolean NOT NULL DEFAULT true
);
-- The password column is for the access node only: no view or user sees it.
REVOKE ALL ON _timeshard_catalog.data_node FROM PUBLIC;

CREATE TABLE _timeshard_catalog.hypertable (
    id serial PRIMARY KEY,
    schema_name name NOT NULL,
    table_name name NOT NULL,
    associated_schema_name name NOT NULL,
    associated_table_prefix name NOT NULL,
    replication_factor integer NOT NULL CHECK (replication_factor >= 1),
    UNIQUE (schema_name, table_name)
);

CREATE TABLE _timeshard_catalog.hypertable_data_node (
    hypertable_id integer NOT NULL REFERENCES _timeshard_catalog.hypertable ON DELETE CASCADE,
    node_name name NOT NULL REFERENCES _timeshard_catalog.data_node ON UPDATE CASCADE,
    attach_order serial,
    PRIMARY KEY (hypertable_id, node_name)
);

CREATE TABLE _timeshard_catalog.chunk (
    id serial PRIMARY KEY,
    hypertable_id integer NOT NULL REFERENCES _timeshard_catalog.hypertable ON DELETE CASCADE,
    table_name name NOT NULL UNIQUE,
    range_start bigint NOT NULL,
    range_end bigint NOT NULL,
    hash_start bigint,
    hash_end bigint,
    UNIQUE (hypertable_id, range_start, hash_start)
);

CREATE TABLE _timeshard_catalog.chunk_replica (
    chunk_id integer NOT NULL REFERENCES _timeshard_catalog.chunk ON DELETE CASCADE,
    node_name name NOT NULL REFERENCES _timeshard_catalog.data_node ON UPDATE CASCADE,
    PRIMARY KEY (chunk_id, node_name)
);

-- Distributed two-phase commits whose decision was COMMIT, recorded in the committing transaction.
CREATE TABLE _timeshard_catalog.committed_transaction (
    gid text PRIMARY KEY,
    committed_at timestamptz NOT NULL DEFAULT now()
);

CREATE SCHEMA timescaledb_information;
GRANT USAGE ON SCHEMA timescaledb_information TO PUBLIC;

CREATE VIEW timescaledb_information.data_nodes AS
SELECT node_name,
       owner,
       ARRAY['host=' || host, 'port=' || port, 'dbname=' || database] AS options
FROM _timeshard_catalog.data_node;
GRANT SELECT ON timescaledb_information.data_nodes TO PUBLIC;

-- Hands a call of a timeshard function to the access node, or returns the result the access node
-- has left for it (see io.timeshard.session.CallCapture). While the access node captures calls the
-- arguments go out as a NOTICE, which PostgreSQL does not log by default, so a password stays unlogged.
CREATE FUNCTION _timeshard_catalog.call(function_name text, arguments jsonb) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    call_key text := function_name || arguments::text;
    results jsonb := coalesce(nullif(current_setting('timeshard.call_results', true), ''), '{}')::jsonb;
    result jsonb := results -> call_key;
BEGIN
    IF current_setting('timeshard.capturing', true) = 'on' THEN
        RAISE NOTICE USING
            ERRCODE = 'TSCAP',
            MESSAGE = 'timeshard function call',
            DETAIL = jsonb_build_object('key', call_key, 'function', function_name, 'arguments', arguments)::text;
        RETURN NULL;
    END IF;
    IF result IS NULL THEN
        RAISE EXCEPTION '%() must be called through the timeshard access node', function_name
            USING ERRCODE = '0A000';
    END IF;
    PERFORM set_config('timeshard.call_results', (results - call_key)::text, false);
    RETURN result;
END
$$;
GRANT EXECUTE ON FUNCTION _timeshard_catalog.call(text, jsonb) TO PUBLIC;

CREATE FUNCTION public.add_data_node(
    node_name name, host text, database name = NULL, port integer = NULL, if_not_exists boolean = false,
    bootstrap boolean = true, password text = NULL)
RETURNS TABLE (node_name name, host text, port integer, database name, node_created boolean,
               database_created boolean, extension_created boolean)
LANGUAGE sql VOLATILE AS $$
    SELECT * FROM jsonb_to_recordset(_timeshard_catalog.call('add_data_node', jsonb_build_object(
        'node_name', $1, 'host', $2, 'database', $3, 'port', $4, 'if_not_exists', $5, 'bootstrap', $6,
        'password', $7)))
        AS r(node_name name, host text, port integer, database name, node_created boolean,
             database_created boolean, extension_created boolean)
$$;

CREATE FUNCTION public.delete_data_node(
    node_name name, if_exists boolean = false, force boolean = false, repartition boolean = true,
    drop_database boolean = false)
RETURNS boolean
LANGUAGE sql VOLATILE AS $$
    SELECT (_timeshard_catalog.call('delete_data_node', jsonb_build_object(
        'node_name', $1, 'if_exists', $2, 'force', $3, 'repartition', $4, 'drop_database', $5)) ->> 'result')::boolean
$$;

CREATE FUNCTION public.alter_data_node(
    node_name name, host text = NULL, database name = NULL, port integer = NULL, available boolean = NULL)
RETURNS TABLE (node_name name, host text, port integer, database name, available boolean)
LANGUAGE sql VOLATILE AS $$
    SELECT * FROM jsonb_to_recordset(_timeshard_catalog.call('alter_data_node', jsonb_build_object(
        'node_name', $1, 'host', $2, 'database', $3, 'port', $4, 'available', $5)))
        AS r(node_name name, host text, port integer, database name, available boolean)
$$;
