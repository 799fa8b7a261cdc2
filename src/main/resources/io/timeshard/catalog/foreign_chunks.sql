-- The chunks' foreign tables at home (see cluster.ForeignChunks) are partitions of a tree per
-- hypertable that the root table reads through the loopback server (cluster.ChunkPartitions), or
-- children of the root table. Replaced at every start of an access node.
CREATE SCHEMA IF NOT EXISTS _timeshard_internal;

-- The access node's space hash (io.timeshard.partition.SpaceHash: MurmurHash3 x86_32, seed 0, of
-- the value's bytes, masked to 31 bits), the key of the trees' space partitions.
-- 32-bit multiplication modulo 2^32 on bigints (a product of two 32-bit values overflows bigint).
CREATE OR REPLACE FUNCTION _timeshard_catalog.mul32(a bigint, b bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ((a * (b & 65535)) + (((a * (b >> 16)) & 65535) << 16)) & 4294967295
$$;
CREATE OR REPLACE FUNCTION _timeshard_catalog.rotl32(x bigint, r int) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ((x << r) | (x >> (32 - r))) & 4294967295
$$;
CREATE OR REPLACE FUNCTION _timeshard_catalog.murmur3(data bytea) RETURNS int
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog AS $$
DECLARE
    h bigint := 0;
    k bigint;
    len int := length(data);
    blocks int := len / 4;
    tail int := len % 4;
BEGIN
    FOR i IN 0 .. blocks - 1 LOOP
        -- Blocks are read little-endian. (In SQL all these bit operators bind alike, left to right.)
        k := get_byte(data, 4 * i)::bigint | (get_byte(data, 4 * i + 1)::bigint << 8)
             | (get_byte(data, 4 * i + 2)::bigint << 16) | (get_byte(data, 4 * i + 3)::bigint << 24);
        k := _timeshard_catalog.mul32(_timeshard_catalog.rotl32(_timeshard_catalog.mul32(k, 3432918353), 15), 461845907);
        h := _timeshard_catalog.rotl32((h # k), 13);
        h := (_timeshard_catalog.mul32(h, 5) + 3864292196) & 4294967295;
    END LOOP;
    IF tail > 0 THEN
        k := 0;
        FOR i IN REVERSE tail - 1 .. 0 LOOP
            k := (k << 8) | get_byte(data, 4 * blocks + i);
        END LOOP;
        h := h # _timeshard_catalog.mul32(_timeshard_catalog.rotl32(_timeshard_catalog.mul32(k, 3432918353), 15), 461845907);
    END IF;
    h := h # len;
    h := h # (h >> 16);
    h := _timeshard_catalog.mul32(h, 2246822507);
    h := h # (h >> 13);
    h := _timeshard_catalog.mul32(h, 3266489909);
    h := h # (h >> 16);
    RETURN (h & 2147483647)::int;
END
$$;
CREATE OR REPLACE FUNCTION _timeshard_catalog.space_hash(value text) RETURNS int
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT _timeshard_catalog.murmur3(convert_to(value, 'UTF8')) $$;
CREATE OR REPLACE FUNCTION _timeshard_catalog.space_hash(value bigint) RETURNS int
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT _timeshard_catalog.murmur3(int8send(value)) $$;
CREATE OR REPLACE FUNCTION _timeshard_catalog.space_hash(value uuid) RETURNS int
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT _timeshard_catalog.murmur3(uuid_send(value)) $$;

-- Changing a tree while the transaction's own loopback connection reads it would wait for ever:
-- that connection ends with the transaction. Its application name carries this backend's PID.
CREATE OR REPLACE FUNCTION _timeshard_catalog.require_tree_unread(tree regclass) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
               WHERE l.relation = tree AND a.application_name = 'timeshard loopback ' || pg_backend_pid()) THEN
        RAISE EXCEPTION 'cannot change a distributed hypertable in the transaction that has read it through the home database'
            USING ERRCODE = '55006', HINT = 'Commit the transaction that read the hypertable, then change it.';
    END IF;
END
$$;

-- Gives a root table's chunk tree the columns the root table has now, in the caller's transaction
-- (ALTER TABLE on the root table reaches its reader but not the tree). The tree holds no rows and
-- is read by column names, so its columns are made to match the root table's by name, type and
-- collation; previous_names[i], the name the root table's i-th column had when the tree last
-- matched it, lets a renamed column (the time column may not be dropped) be renamed.
CREATE OR REPLACE FUNCTION _timeshard_catalog.sync_chunk_tree(root regclass, hypertable_id int, previous_names text[])
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    tree regclass := to_regclass(format('_timeshard_internal.%I', '_ts_hyper_' || hypertable_id));
    root_column record;
    tree_type text;
    previous text;
BEGIN
    IF tree IS NULL THEN
        RETURN;
    END IF;
    IF NOT pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = root), 'USAGE') THEN
        RAISE EXCEPTION 'must be owner of table %', root USING ERRCODE = '42501';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_inherits WHERE inhparent = root
                   AND inhrelid = to_regclass(format('_timeshard_internal.%I', '_ts_hyper_' || hypertable_id || '_all'))) THEN
        RAISE EXCEPTION 'the chunk tree of hypertable % is not read by %', hypertable_id, root USING ERRCODE = '22023';
    END IF;
    PERFORM _timeshard_catalog.require_tree_unread(tree);
    FOR root_column IN SELECT a.attname::text AS name, row_number() OVER (ORDER BY a.attnum) AS position,
                              _timeshard_catalog.column_type(a.attrelid, a.attname) AS type
                       FROM pg_attribute a WHERE a.attrelid = root AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum LOOP
        tree_type := _timeshard_catalog.column_type(tree, root_column.name);
        previous := nullif(previous_names[root_column.position], '');
        IF tree_type IS NOT NULL THEN
            IF tree_type <> root_column.type THEN
                EXECUTE format('ALTER TABLE %s ALTER COLUMN %I TYPE %s', tree, root_column.name, root_column.type);
            END IF;
        ELSIF previous IS NOT NULL AND _timeshard_catalog.column_type(tree, previous) IS NOT NULL
              AND _timeshard_catalog.column_type(root, previous) IS NULL THEN
            EXECUTE format('ALTER TABLE %s RENAME COLUMN %I TO %I', tree, previous, root_column.name);
            IF _timeshard_catalog.column_type(tree, root_column.name) <> root_column.type THEN
                EXECUTE format('ALTER TABLE %s ALTER COLUMN %I TYPE %s', tree, root_column.name, root_column.type);
            END IF;
        ELSE
            EXECUTE format('ALTER TABLE %s ADD COLUMN %I %s', tree, root_column.name, root_column.type);
        END IF;
    END LOOP;
    FOR previous IN SELECT a.attname FROM pg_attribute a WHERE a.attrelid = tree AND a.attnum > 0 AND NOT a.attisdropped
                    AND _timeshard_catalog.column_type(root, a.attname) IS NULL LOOP
        EXECUTE format('ALTER TABLE %s DROP COLUMN %I', tree, previous);
    END LOOP;
END
$$;
GRANT EXECUTE ON FUNCTION _timeshard_catalog.sync_chunk_tree(regclass, int, text[]) TO PUBLIC;

-- A column's type with its collation where that is not its type's, as a column definition gives
-- them; NULL when the relation has no such column.
CREATE OR REPLACE FUNCTION _timeshard_catalog.column_type(relation regclass, column_name text) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog AS $$
    SELECT format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attcollation <> t.typcollation
               THEN ' COLLATE ' || a.attcollation::regcollation::text ELSE '' END
    FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
    WHERE a.attrelid = relation AND a.attname = column_name AND a.attnum > 0 AND NOT a.attisdropped
$$;

-- Drops the foreign tables of a root table's chunks and its chunk tree, in the caller's transaction,
-- before the root table itself is dropped (PostgreSQL refuses to drop a table that has children).
-- The DROP that follows checks the caller's right to drop the root table; a failure rolls both back.
CREATE OR REPLACE FUNCTION _timeshard_catalog.drop_foreign_chunks(root regclass) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    child regclass;
    tree regclass;
BEGIN
    IF NOT pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = root), 'USAGE') THEN
        RAISE EXCEPTION 'must be owner of table %', root USING ERRCODE = '42501';
    END IF;
    FOR child IN SELECT i.inhrelid::regclass FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                 JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE i.inhparent = root AND c.relkind = 'f' AND n.nspname = '_timeshard_internal' LOOP
        tree := to_regclass('_timeshard_internal.' || substring(child::text FROM '\.(_ts_hyper_[0-9]+)_all$'));
        IF tree IS NOT NULL THEN
            PERFORM _timeshard_catalog.require_tree_unread(tree);
            EXECUTE format('DROP TABLE %s', tree);
        END IF;
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
