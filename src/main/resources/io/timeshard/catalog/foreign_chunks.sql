-- The chunks' foreign tables at home (see cluster.ForeignChunks) are children of the root tables.
-- Replaced at every start of an access node.
CREATE SCHEMA IF NOT EXISTS _timeshard_internal;

-- Drops the foreign tables of a root table's chunks, in the caller's transaction, before the root
-- table itself is dropped (PostgreSQL refuses to drop a table that has children). The DROP that
-- follows checks the caller's right to drop the root table; a failure rolls both back.
CREATE OR REPLACE FUNCTION _timeshard_catalog.drop_foreign_chunks(root regclass) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    child regclass;
BEGIN
    IF NOT pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = root), 'USAGE') THEN
        RAISE EXCEPTION 'must be owner of table %', root USING ERRCODE = '42501';
    END IF;
    FOR child IN SELECT i.inhrelid::regclass FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                 JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE i.inhparent = root AND c.relkind = 'f' AND n.nspname = '_timeshard_internal' LOOP
        EXECUTE format('DROP FOREIGN TABLE %s', child);
    END LOOP;
END
$$;
