-- Access nodes remember which statement shapes a session's role passed its privilege check with
-- (io.timeshard.home.PrivilegeChecks), until a change may have taken privileges away. This tells
-- them at once of DDL (GRANT, REVOKE, ALTER TABLE ... OWNER, row security, policies, ...); the
-- temporary tables of sessions excepted. Role memberships and attributes fire no event trigger:
-- the access nodes poll for those (io.timeshard.home.CatalogListener). Replaced at every start of
-- an access node whose role may create event triggers (a superuser).
CREATE OR REPLACE FUNCTION _timeshard_catalog.notify_privilege_change() RETURNS event_trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_event_trigger_ddl_commands() WHERE schema_name IS DISTINCT FROM 'pg_temp') THEN
        PERFORM pg_notify('timeshard_privileges', '');
    END IF;
END
$$;
DROP EVENT TRIGGER IF EXISTS timeshard_privilege_change;
CREATE EVENT TRIGGER timeshard_privilege_change ON ddl_command_end EXECUTE FUNCTION _timeshard_catalog.notify_privilege_change();
