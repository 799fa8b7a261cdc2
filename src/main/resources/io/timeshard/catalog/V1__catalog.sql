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

-- The time dimension (always) and at most one space dimension. A new number_partitions or
-- interval applies to new chunks only: each chunk keeps its own ranges.
CREATE TABLE _timeshard_catalog.dimension (
    hypertable_id integer NOT NULL REFERENCES _timeshard_catalog.hypertable ON DELETE CASCADE,
    is_time boolean NOT NULL,
    column_name name NOT NULL,
    column_type text NOT NULL,
    interval_length bigint CHECK (interval_length > 0),
    number_partitions integer CHECK (number_partitions BETWEEN 1 AND 32767),
    PRIMARY KEY (hypertable_id, is_time),
    CHECK (is_time = (interval_length IS NOT NULL) AND is_time <> (number_partitions IS NOT NULL))
);

CREATE TABLE _timeshard_catalog.hypertable_data_node (
    hypertable_id integer NOT NULL REFERENCES _timeshard_catalog.hypertable ON DELETE CASCADE,
    node_name name NOT NULL REFERENCES _timeshard_catalog.data_node ON UPDATE CASCADE,
    attach_order serial,
    PRIMARY KEY (hypertable_id, node_name)
);

-- One time slice x one hash slice; ranges in the internal time unit (microseconds since 1970
-- for time types, the value for integers) and in hash space [0, 2^31).
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
CREATE INDEX ON _timeshard_catalog.chunk (hypertable_id, range_start);

CREATE TABLE _timeshard_catalog.chunk_replica (
    chunk_id integer NOT NULL REFERENCES _timeshard_catalog.chunk ON DELETE CASCADE,
    node_name name NOT NULL REFERENCES _timeshard_catalog.data_node ON UPDATE CASCADE,
    PRIMARY KEY (chunk_id, node_name)
);

-- The root table's columns and indexes as last applied to the chunks, by attribute number, so
-- that DDL run on the root table reaches the chunks as the difference to this state.
CREATE TABLE _timeshard_catalog.hypertable_column (
    hypertable_id integer NOT NULL REFERENCES _timeshard_catalog.hypertable ON DELETE CASCADE,
    attnum smallint NOT NULL,
    column_name name NOT NULL,
    column_type text NOT NULL,
    not_null boolean NOT NULL,
    PRIMARY KEY (hypertable_id, attnum)
);

CREATE TABLE _timeshard_catalog.hypertable_index (
    hypertable_id integer NOT NULL REFERENCES _timeshard_catalog.hypertable ON DELETE CASCADE,
    index_name name NOT NULL,
    definition text NOT NULL,
    PRIMARY KEY (hypertable_id, index_name)
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

-- The stubs below hand their calls to the access node through this function; calls.sql, run at
-- every start right after the migrations, gives it its body (see io.timeshard.api.CallCapture).
CREATE FUNCTION _timeshard_catalog.call(function_name text, arguments jsonb) RETURNS jsonb
LANGUAGE sql VOLATILE AS 'SELECT NULL::jsonb';
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

-- Internal time values (microseconds since 1970 for time types) as timestamptz, infinite at the ends.
CREATE FUNCTION _timeshard_catalog.to_timestamptz(internal_time bigint) RETURNS timestamptz
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE internal_time
        WHEN -9223372036854775808 THEN '-infinity'::timestamptz
        WHEN 9223372036854775807 THEN 'infinity'::timestamptz
        ELSE 'epoch'::timestamptz + internal_time * interval '1 microsecond' END
$$;

-- A time bound given as an interval (before now()), a time value or an integer, in internal time.
CREATE FUNCTION _timeshard_catalog.internal_time(bound anycompatible, integer_time boolean) RETURNS bigint
LANGUAGE plpgsql STABLE AS $$
DECLARE
    kind regtype := pg_typeof(bound);
BEGIN
    IF bound IS NULL THEN
        RETURN NULL;
    ELSIF kind IN ('smallint'::regtype, 'integer'::regtype, 'bigint'::regtype) THEN
        IF NOT integer_time THEN
            RAISE EXCEPTION 'invalid time argument type "%"', kind USING ERRCODE = '22023',
                HINT = 'Use a time value or an interval for a hypertable partitioned by time.';
        END IF;
        RETURN bound::text::bigint;
    ELSIF integer_time THEN
        RAISE EXCEPTION 'invalid time argument type "%"', kind USING ERRCODE = '22023',
            HINT = 'Use an integer for a hypertable partitioned by an integer column.';
    ELSIF kind = 'interval'::regtype THEN
        RETURN (extract(epoch FROM now() - bound::text::interval) * 1000000)::bigint;
    ELSIF kind = 'timestamp without time zone'::regtype THEN
        RETURN (extract(epoch FROM bound::text::timestamp) * 1000000)::bigint;
    ELSIF kind = 'date'::regtype THEN
        RETURN (extract(epoch FROM bound::text::date) * 1000000)::bigint;
    ELSE
        RETURN (extract(epoch FROM bound::text::timestamptz) * 1000000)::bigint;
    END IF;
END
$$;

CREATE FUNCTION _timeshard_catalog.hypertable_id(relation regclass) RETURNS integer
LANGUAGE plpgsql STABLE AS $$
DECLARE
    found integer;
BEGIN
    SELECT h.id INTO found FROM _timeshard_catalog.hypertable h JOIN pg_class c ON c.relname = h.table_name
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = h.schema_name
        WHERE c.oid = relation;
    IF found IS NULL THEN
        RAISE EXCEPTION 'table "%" is not a hypertable', relation USING ERRCODE = 'TS001';
    END IF;
    RETURN found;
END
$$;

CREATE VIEW timescaledb_information.hypertables AS
SELECT h.schema_name AS hypertable_schema,
       h.table_name AS hypertable_name,
       pg_get_userbyid(c.relowner) AS owner,
       (SELECT count(*) FROM _timeshard_catalog.dimension d WHERE d.hypertable_id = h.id)::smallint AS num_dimensions,
       (SELECT count(*) FROM _timeshard_catalog.chunk k WHERE k.hypertable_id = h.id) AS num_chunks,
       false AS compression_enabled,
       true AS is_distributed,
       h.replication_factor::smallint AS replication_factor,
       ARRAY(SELECT n.node_name FROM _timeshard_catalog.hypertable_data_node n
             WHERE n.hypertable_id = h.id ORDER BY n.attach_order)::name[] AS data_nodes,
       NULL::name[] AS tablespaces
FROM _timeshard_catalog.hypertable h
LEFT JOIN pg_class c ON c.oid = to_regclass(format('%I.%I', h.schema_name, h.table_name));

CREATE VIEW timescaledb_information.dimensions AS
SELECT h.schema_name AS hypertable_schema,
       h.table_name AS hypertable_name,
       (CASE WHEN d.is_time THEN 1 ELSE 2 END)::integer AS dimension_number,
       d.column_name,
       d.column_type::regtype AS column_type,
       CASE WHEN d.is_time THEN 'Time' ELSE 'Space' END AS dimension_type,
       CASE WHEN d.is_time AND d.column_type NOT IN ('smallint', 'integer', 'bigint')
            THEN justify_hours(d.interval_length * interval '1 microsecond') END AS time_interval,
       CASE WHEN d.is_time AND d.column_type IN ('smallint', 'integer', 'bigint') THEN d.interval_length END AS integer_interval,
       NULL::name AS integer_now_func,
       d.number_partitions::smallint AS num_partitions
FROM _timeshard_catalog.hypertable h
JOIN _timeshard_catalog.dimension d ON d.hypertable_id = h.id;

CREATE VIEW timescaledb_information.chunks AS
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
             WHERE r.chunk_id = k.id ORDER BY r.node_name)::name[] AS data_nodes
FROM _timeshard_catalog.chunk k
JOIN _timeshard_catalog.hypertable h ON h.id = k.hypertable_id
JOIN _timeshard_catalog.dimension d ON d.hypertable_id = h.id AND d.is_time;

GRANT SELECT ON timescaledb_information.hypertables, timescaledb_information.dimensions,
    timescaledb_information.chunks TO PUBLIC;
GRANT SELECT ON ALL TABLES IN SCHEMA _timeshard_catalog TO PUBLIC;
GRANT INSERT ON _timeshard_catalog.committed_transaction TO PUBLIC;
REVOKE ALL ON _timeshard_catalog.data_node FROM PUBLIC;

-- The chunks of a hypertable whose time range lies entirely before older_than / from newer_than on.
CREATE FUNCTION public.show_chunks(relation regclass, older_than anyelement DEFAULT NULL::timestamptz,
                                   newer_than anycompatible DEFAULT NULL::timestamptz)
RETURNS SETOF text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    ht integer := _timeshard_catalog.hypertable_id(relation);
    integer_time boolean := (SELECT d.column_type IN ('smallint', 'integer', 'bigint') FROM _timeshard_catalog.dimension d
                             WHERE d.hypertable_id = ht AND d.is_time);
    older bigint := _timeshard_catalog.internal_time(older_than, integer_time);
    newer bigint := _timeshard_catalog.internal_time(newer_than, integer_time);
BEGIN
    RETURN QUERY
        SELECT format('%I.%I', h.associated_schema_name, k.table_name)
        FROM _timeshard_catalog.chunk k JOIN _timeshard_catalog.hypertable h ON h.id = k.hypertable_id
        WHERE k.hypertable_id = ht
          AND (older IS NULL OR k.range_end <= older)
          AND (newer IS NULL OR k.range_start >= newer)
        ORDER BY k.range_start, k.hash_start, k.id;
END
$$;

CREATE FUNCTION public.drop_chunks(relation regclass, older_than anyelement DEFAULT NULL::timestamptz,
                                   newer_than anycompatible DEFAULT NULL::timestamptz, verbose boolean DEFAULT false)
RETURNS SETOF text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    ht integer := _timeshard_catalog.hypertable_id(relation);
    integer_time boolean := (SELECT d.column_type IN ('smallint', 'integer', 'bigint') FROM _timeshard_catalog.dimension d
                             WHERE d.hypertable_id = ht AND d.is_time);
BEGIN
    IF older_than IS NULL AND newer_than IS NULL THEN
        RAISE EXCEPTION 'invalid time range for dropping chunks' USING ERRCODE = '22023',
            HINT = 'At least one of older_than and newer_than must be provided.';
    END IF;
    RETURN QUERY SELECT value FROM jsonb_array_elements_text(_timeshard_catalog.call('drop_chunks', jsonb_build_object(
        'hypertable_id', ht, 'older_than', _timeshard_catalog.internal_time(older_than, integer_time),
        'newer_than', _timeshard_catalog.internal_time(newer_than, integer_time))));
END
$$;

CREATE FUNCTION public.create_distributed_hypertable(
    relation regclass, time_column_name name, partitioning_column name = NULL, number_partitions integer = NULL,
    associated_schema_name name = NULL, associated_table_prefix name = NULL, chunk_time_interval anyelement = NULL::bigint,
    create_default_indexes boolean = true, if_not_exists boolean = false, partitioning_func regproc = NULL,
    migrate_data boolean = false, time_partitioning_func regproc = NULL, replication_factor integer = NULL,
    data_nodes name[] = NULL)
RETURNS TABLE (hypertable_id integer, schema_name name, table_name name, created boolean)
LANGUAGE sql VOLATILE AS $$
    SELECT * FROM jsonb_to_recordset(_timeshard_catalog.call('create_distributed_hypertable', jsonb_build_object(
        'relation', $1::oid, 'time_column_name', $2, 'partitioning_column', $3, 'number_partitions', $4,
        'associated_schema_name', $5, 'associated_table_prefix', $6,
        'chunk_time_interval', CASE WHEN pg_typeof($7) = 'interval'::regtype
            THEN (extract(epoch FROM $7::text::interval) * 1000000)::bigint ELSE $7::text::bigint END,
        'chunk_time_interval_type', pg_typeof($7)::text,
        'create_default_indexes', $8, 'if_not_exists', $9, 'partitioning_func', $10, 'migrate_data', $11,
        'time_partitioning_func', $12, 'replication_factor', $13, 'data_nodes', $14)))
        AS r(hypertable_id integer, schema_name name, table_name name, created boolean)
$$;

-- create_hypertable makes a distributed hypertable when given replication_factor or data_nodes;
-- timeshard has no local hypertables, so it refuses otherwise.
CREATE FUNCTION public.create_hypertable(
    relation regclass, time_column_name name, partitioning_column name = NULL, number_partitions integer = NULL,
    associated_schema_name name = NULL, associated_table_prefix name = NULL, chunk_time_interval anyelement = NULL::bigint,
    create_default_indexes boolean = true, if_not_exists boolean = false, partitioning_func regproc = NULL,
    migrate_data boolean = false, time_partitioning_func regproc = NULL, replication_factor integer = NULL,
    data_nodes name[] = NULL)
RETURNS TABLE (hypertable_id integer, schema_name name, table_name name, created boolean)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    IF replication_factor IS NULL AND data_nodes IS NULL THEN
        RAISE EXCEPTION 'timeshard only has distributed hypertables' USING ERRCODE = '0A000',
            HINT = 'Use create_distributed_hypertable(), or give create_hypertable() replication_factor or data_nodes.';
    END IF;
    RETURN QUERY SELECT * FROM public.create_distributed_hypertable($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
        coalesce($13, 1), $14);
END
$$;

CREATE FUNCTION public.attach_data_node(node_name name, hypertable regclass, if_not_attached boolean = false,
                                        repartition boolean = true)
RETURNS TABLE (hypertable_id integer, node_hypertable_id integer, node_name name)
LANGUAGE sql VOLATILE AS $$
    SELECT * FROM jsonb_to_recordset(_timeshard_catalog.call('attach_data_node', jsonb_build_object(
        'node_name', $1, 'hypertable_id', _timeshard_catalog.hypertable_id($2), 'if_not_attached', $3, 'repartition', $4)))
        AS r(hypertable_id integer, node_hypertable_id integer, node_name name)
$$;

CREATE FUNCTION public.detach_data_node(node_name name, hypertable regclass = NULL, if_attached boolean = false,
                                        force boolean = false, repartition boolean = true, drop_remote_data boolean = false)
RETURNS integer
LANGUAGE sql VOLATILE AS $$
    SELECT (_timeshard_catalog.call('detach_data_node', jsonb_build_object(
        'node_name', $1, 'hypertable_id', CASE WHEN $2 IS NULL THEN NULL ELSE _timeshard_catalog.hypertable_id($2) END,
        'if_attached', $3, 'force', $4, 'repartition', $5, 'drop_remote_data', $6)) ->> 'result')::integer
$$;

CREATE FUNCTION public.set_number_partitions(hypertable regclass, number_partitions integer, dimension_name name = NULL)
RETURNS void
LANGUAGE sql VOLATILE AS $$
    SELECT null::void FROM _timeshard_catalog.call('set_number_partitions', jsonb_build_object(
        'hypertable_id', _timeshard_catalog.hypertable_id($1), 'number_partitions', $2, 'dimension_name', $3))
$$;

CREATE FUNCTION public.set_chunk_time_interval(hypertable regclass, chunk_time_interval anyelement, dimension_name name = NULL)
RETURNS void
LANGUAGE sql VOLATILE AS $$
    SELECT null::void FROM _timeshard_catalog.call('set_chunk_time_interval', jsonb_build_object(
        'hypertable_id', _timeshard_catalog.hypertable_id($1),
        'chunk_time_interval', CASE WHEN pg_typeof($2) = 'interval'::regtype
            THEN (extract(epoch FROM $2::text::interval) * 1000000)::bigint ELSE $2::text::bigint END,
        'chunk_time_interval_type', pg_typeof($2)::text, 'dimension_name', $3))
$$;

CREATE FUNCTION public.set_replication_factor(hypertable regclass, replication_factor integer)
RETURNS void
LANGUAGE sql VOLATILE AS $$
    SELECT null::void FROM _timeshard_catalog.call('set_replication_factor', jsonb_build_object(
        'hypertable_id', _timeshard_catalog.hypertable_id($1), 'replication_factor', $2))
$$;

CREATE PROCEDURE public.distributed_exec(query text, node_list name[] = NULL, transactional boolean = true)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM _timeshard_catalog.call('distributed_exec', jsonb_build_object(
        'query', query, 'node_list', node_list, 'transactional', transactional));
END
$$;

-- Every change to hypertables, their nodes or chunks tells all access nodes to reload their caches.
CREATE FUNCTION _timeshard_catalog.notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('timeshard_catalog', TG_TABLE_NAME);
    RETURN NULL;
END
$$;

CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON _timeshard_catalog.hypertable
    FOR EACH STATEMENT EXECUTE FUNCTION _timeshard_catalog.notify_change();
CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON _timeshard_catalog.dimension
    FOR EACH STATEMENT EXECUTE FUNCTION _timeshard_catalog.notify_change();
CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON _timeshard_catalog.hypertable_data_node
    FOR EACH STATEMENT EXECUTE FUNCTION _timeshard_catalog.notify_change();
CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON _timeshard_catalog.hypertable_index
    FOR EACH STATEMENT EXECUTE FUNCTION _timeshard_catalog.notify_change();
CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON _timeshard_catalog.chunk
    FOR EACH STATEMENT EXECUTE FUNCTION _timeshard_catalog.notify_change();

-- A hypertable's root table in the home database stays empty: rows live on the data nodes. Writes
-- that reach it anyway (an access node whose caches are behind, a direct connection) are refused.
CREATE FUNCTION _timeshard_catalog.refuse_root_write() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'rows of distributed hypertable "%" are written through a timeshard access node', TG_TABLE_NAME
        USING ERRCODE = '0A000', HINT = 'Retry the statement: the access node may not have seen the hypertable yet.';
END
$$;
