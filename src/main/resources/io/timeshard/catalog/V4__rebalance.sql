-- Rebalancing and draining data nodes (see io.timeshard.cluster.Rebalancer): Citus's shapes.

-- The moves that would give every available data node of each hypertable an equal share.
CREATE FUNCTION public.get_rebalance_plan(hypertable regclass = NULL, strategy text = 'by_shard_count')
RETURNS TABLE (table_name regclass, chunk_name regclass, source_node name, destination_node name, chunk_bytes bigint)
LANGUAGE sql VOLATILE AS $$
    SELECT * FROM jsonb_to_recordset(_timeshard_catalog.call('get_rebalance_plan', jsonb_build_object(
        'hypertable_id', CASE WHEN $1 IS NULL THEN NULL ELSE _timeshard_catalog.hypertable_id($1) END, 'strategy', $2)))
        AS r(table_name regclass, chunk_name regclass, source_node name, destination_node name, chunk_bytes bigint)
$$;

-- Starts those moves as a background job of this access node; returns the job's id.
CREATE FUNCTION public.rebalance_start(hypertable regclass = NULL, strategy text = 'by_shard_count',
                                       max_parallel_moves integer = 1)
RETURNS bigint
LANGUAGE sql VOLATILE AS $$
    SELECT (_timeshard_catalog.call('rebalance_start', jsonb_build_object(
        'hypertable_id', CASE WHEN $1 IS NULL THEN NULL ELSE _timeshard_catalog.hypertable_id($1) END, 'strategy', $2,
        'max_parallel_moves', $3)) ->> 'result')::bigint
$$;

CREATE FUNCTION public.rebalance_status()
RETURNS TABLE (job_id bigint, state text, moves_total integer, moves_done integer, moves_failed integer, progress text,
               started_at timestamptz, finished_at timestamptz, last_error text)
LANGUAGE sql VOLATILE AS $$
    SELECT * FROM jsonb_to_recordset(_timeshard_catalog.call('rebalance_status', '{}'::jsonb))
        AS r(job_id bigint, state text, moves_total integer, moves_done integer, moves_failed integer, progress text,
             started_at timestamptz, finished_at timestamptz, last_error text)
$$;

-- Lets the running moves finish and starts no other.
CREATE FUNCTION public.rebalance_stop() RETURNS void
LANGUAGE sql VOLATILE AS $$
    SELECT null::void FROM _timeshard_catalog.call('rebalance_stop', '{}'::jsonb)
$$;

-- Waits until the job has run all its moves (or was stopped); fails when a move failed.
CREATE FUNCTION public.rebalance_wait() RETURNS void
LANGUAGE sql VOLATILE AS $$
    SELECT null::void FROM _timeshard_catalog.call('rebalance_wait', '{}'::jsonb)
$$;

-- Moves every chunk replica off the node, so that it can be deleted; returns how many moved.
CREATE FUNCTION public.drain_data_node(node_name name) RETURNS integer
LANGUAGE sql VOLATILE AS $$
    SELECT (_timeshard_catalog.call('drain_data_node', jsonb_build_object('node_name', $1)) ->> 'result')::integer
$$;

-- attach_data_node's meaning stays TimescaleDB's (new chunks only); it points at the rebalancer.
CREATE FUNCTION _timeshard_catalog.suggest_rebalance(node name, hypertable regclass) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    IF current_setting('timeshard.capturing', true) IS DISTINCT FROM 'on' THEN
        RAISE NOTICE 'data node "%" takes new chunks of "%"; existing chunks stay where they are', node, hypertable
            USING HINT = format('SELECT rebalance_start(%L) spreads them over the data nodes.', hypertable::text);
    END IF;
    RETURN true;
END
$$;

CREATE OR REPLACE FUNCTION public.attach_data_node(node_name name, hypertable regclass, if_not_attached boolean = false,
                                                   repartition boolean = true)
RETURNS TABLE (hypertable_id integer, node_hypertable_id integer, node_name name)
LANGUAGE sql VOLATILE AS $$
    SELECT * FROM jsonb_to_recordset(_timeshard_catalog.call('attach_data_node', jsonb_build_object(
        'node_name', $1, 'hypertable_id', _timeshard_catalog.hypertable_id($2), 'if_not_attached', $3, 'repartition', $4)))
        AS r(hypertable_id integer, node_hypertable_id integer, node_name name)
    WHERE _timeshard_catalog.suggest_rebalance($1, $2)
$$;
