-- Who may call timeshard's functions, checked in the caller's session before the access node
-- carries a call out (TimescaleDB's rules): data node management and distributed_exec need a
-- superuser; functions on a hypertable need its owner (or a member of the owning role).
-- Replaced at every start of an access node.
CREATE OR REPLACE FUNCTION _timeshard_catalog.require_call_privilege(function_name text, arguments jsonb) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog AS $$
DECLARE
    relation regclass;
BEGIN
    IF function_name IN ('add_data_node', 'delete_data_node', 'alter_data_node', 'distributed_exec', 'copy_chunk', 'move_chunk',
                         'cleanup_copy_chunk_operation', 'get_rebalance_plan', 'rebalance_start', 'rebalance_status',
                         'rebalance_stop', 'rebalance_wait', 'drain_data_node')
       OR (function_name IN ('attach_data_node', 'detach_data_node') AND arguments ->> 'hypertable_id' IS NULL) THEN
        IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
            RAISE EXCEPTION 'must be superuser to call %()', function_name USING ERRCODE = '42501';
        END IF;
        RETURN;
    END IF;
    IF arguments ->> 'relation' IS NOT NULL THEN
        relation := (arguments ->> 'relation')::oid::regclass;
    ELSIF arguments ->> 'hypertable_id' IS NOT NULL THEN
        SELECT to_regclass(format('%I.%I', h.schema_name, h.table_name)) INTO relation
        FROM _timeshard_catalog.hypertable h WHERE h.id = (arguments ->> 'hypertable_id')::integer;
    END IF;
    IF relation IS NOT NULL AND NOT pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = relation), 'USAGE') THEN
        RAISE EXCEPTION 'must be owner of hypertable "%"', (SELECT relname FROM pg_class WHERE oid = relation)
            USING ERRCODE = '42501';
    END IF;
END
$$;

-- Hands a call of a timeshard function to the access node, or returns the result the access node
-- has left for it (see io.timeshard.api.CallCapture). While the access node captures calls the
-- arguments go out as a NOTICE, which PostgreSQL does not log by default, so a password stays unlogged.
CREATE OR REPLACE FUNCTION _timeshard_catalog.call(function_name text, arguments jsonb) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    call_key text := function_name || arguments::text;
    results jsonb := coalesce(nullif(current_setting('timeshard.call_results', true), ''), '{}')::jsonb;
    result jsonb := results -> call_key;
BEGIN
    -- In both runs: a refused call captures nothing, and the real run must fail the same way.
    PERFORM _timeshard_catalog.require_call_privilege(function_name, arguments);
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
