-- The session's temporary copies of a root table's shape (staging rows of an INSERT, chunks copied
-- home for a query): CREATE TABLE ... (LIKE root) needs SELECT on all of the root table, which a
-- role with column privileges lacks although the statement is its right. The privileges of the
-- statement itself are checked before (see io.timeshard.sql.PrivilegeProbe); the copy holds only
-- the session's own rows, and a temporary table is out of every other session's reach.
-- Replaced at every start of an access node.
CREATE OR REPLACE FUNCTION _timeshard_catalog.create_temp_copy(name text, root regclass, with_constraints boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    IF name !~ '^_timeshard_(stage|scan)_[0-9]+$' THEN
        RAISE EXCEPTION 'not a timeshard temporary table name: %', name USING ERRCODE = '22023';
    END IF;
    -- A staging table lives as long as the session (its rows until commit): most calls find it.
    IF with_constraints AND to_regclass(format('pg_temp.%I', name)) IS NOT NULL THEN
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM _timeshard_catalog.hypertable h
                   WHERE to_regclass(format('%I.%I', h.schema_name, h.table_name)) = root) THEN
        RAISE EXCEPTION '% is not a distributed hypertable', root USING ERRCODE = '22023';
    END IF;
    IF with_constraints THEN
        EXECUTE format('CREATE TEMP TABLE IF NOT EXISTS %I (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS'
                       ' INCLUDING GENERATED) ON COMMIT DELETE ROWS', name, root);
    ELSE
        -- Made anew each time: the root table may have changed since the session's last query.
        EXECUTE format('DROP TABLE IF EXISTS pg_temp.%I', name);
        EXECUTE format('CREATE TEMP TABLE %I (LIKE %s)', name, root);
    END IF;
    EXECUTE format('GRANT ALL ON pg_temp.%I TO PUBLIC', name);
END
$$;
GRANT EXECUTE ON FUNCTION _timeshard_catalog.create_temp_copy(text, regclass, boolean) TO PUBLIC;

-- Drops such a copy (its owner is the access node's role, not the session's).
CREATE OR REPLACE FUNCTION _timeshard_catalog.drop_temp_copy(name text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    IF name !~ '^_timeshard_(stage|scan)_[0-9]+$' THEN
        RAISE EXCEPTION 'not a timeshard temporary table name: %', name USING ERRCODE = '22023';
    END IF;
    EXECUTE format('DROP TABLE IF EXISTS pg_temp.%I', name);
END
$$;
GRANT EXECUTE ON FUNCTION _timeshard_catalog.drop_temp_copy(text) TO PUBLIC;
