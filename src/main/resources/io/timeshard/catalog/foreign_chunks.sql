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

-- The chunks' foreign tables belong to their root table's owner, so that the owner's ALTER TABLE,
-- which PostgreSQL applies to every child, passes its ownership check.
CREATE OR REPLACE FUNCTION _timeshard_catalog.own_foreign_chunks(root regclass) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
DECLARE
    child record;
BEGIN
    FOR child IN SELECT i.inhrelid::regclass AS name, p.relowner::regrole AS owner FROM pg_inherits i
                 JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                 JOIN pg_class p ON p.oid = i.inhparent
                 WHERE i.inhparent = root AND c.relkind = 'f' AND n.nspname = '_timeshard_internal' AND c.relowner <> p.relowner LOOP
        EXECUTE format('ALTER FOREIGN TABLE %s OWNER TO %s', child.name, child.owner);
    END LOOP;
END
$$;

-- Owning a foreign table lets a role change its options (which remote table it reads, as the data
-- node's owner) or its inheritance. Only superusers (the access node) change the chunks' foreign
-- tables directly; their owners change them through the root table.
CREATE OR REPLACE FUNCTION _timeshard_catalog.guard_foreign_chunks() RETURNS event_trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RETURN;
    END IF;
    IF TG_EVENT = 'sql_drop' THEN
        PERFORM 1 FROM pg_event_trigger_dropped_objects() WHERE schema_name = '_timeshard_internal' AND object_type = 'foreign table';
    ELSE
        PERFORM 1 FROM pg_event_trigger_ddl_commands() WHERE schema_name = '_timeshard_internal';
    END IF;
    IF FOUND THEN
        RAISE EXCEPTION 'the chunks of distributed hypertables change only through their hypertable' USING ERRCODE = '42501';
    END IF;
END
$$;
DO $$
BEGIN
    DROP EVENT TRIGGER IF EXISTS timeshard_guard_foreign_chunks;
    CREATE EVENT TRIGGER timeshard_guard_foreign_chunks ON ddl_command_end
        EXECUTE FUNCTION _timeshard_catalog.guard_foreign_chunks();
    DROP EVENT TRIGGER IF EXISTS timeshard_guard_dropped_chunks;
    CREATE EVENT TRIGGER timeshard_guard_dropped_chunks ON sql_drop
        EXECUTE FUNCTION _timeshard_catalog.guard_foreign_chunks();
EXCEPTION WHEN insufficient_privilege THEN
    RAISE WARNING 'timeshard cannot guard the chunks'' foreign tables: event triggers need a superuser';
END
$$;
