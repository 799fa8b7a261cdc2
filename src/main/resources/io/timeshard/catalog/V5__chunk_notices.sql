-- New chunks are announced with their ids, so that access nodes add them to what they know instead
-- of reading every chunk again (with 10,000 chunks each creation would cost a full read on every
-- access node). Every other change still makes them reload.
CREATE FUNCTION _timeshard_catalog.notify_new_chunks() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('timeshard_catalog', 'chunk INSERT ' || (SELECT string_agg(id::text, ',') FROM new_rows));
    RETURN NULL;
END
$$;

CREATE FUNCTION _timeshard_catalog.notify_new_replicas() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('timeshard_catalog', 'chunk_replica INSERT ' || (SELECT string_agg(DISTINCT chunk_id::text, ',') FROM new_rows));
    RETURN NULL;
END
$$;

DROP TRIGGER notify_change ON _timeshard_catalog.chunk;
CREATE TRIGGER notify_change AFTER UPDATE OR DELETE OR TRUNCATE ON _timeshard_catalog.chunk
    FOR EACH STATEMENT EXECUTE FUNCTION _timeshard_catalog.notify_change();
CREATE TRIGGER notify_insert AFTER INSERT ON _timeshard_catalog.chunk REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION _timeshard_catalog.notify_new_chunks();
DROP TRIGGER notify_change ON _timeshard_catalog.chunk_replica;
CREATE TRIGGER notify_change AFTER UPDATE OR DELETE OR TRUNCATE ON _timeshard_catalog.chunk_replica
    FOR EACH STATEMENT EXECUTE FUNCTION _timeshard_catalog.notify_change();
CREATE TRIGGER notify_insert AFTER INSERT ON _timeshard_catalog.chunk_replica REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION _timeshard_catalog.notify_new_replicas();
