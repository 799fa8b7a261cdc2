-- The commit decision of a two-phase commit is a row written in the deciding home transaction,
-- which may be a client's own session. A role may record the decision of its own transaction
-- only: the transaction id carries the home transaction's txid (see io.timeshard.txn.TransactionIds),
-- so no one can force the commit of another session's prepared transactions.
-- Replaced at every start of an access node.
CREATE OR REPLACE FUNCTION _timeshard_catalog.record_commit(gid text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    IF left(gid, 3) <> 'ts_' OR split_part(substr(gid, 4), '_', 1) <> txid_current()::text THEN
        RAISE EXCEPTION 'a commit decision can only be recorded by its own transaction' USING ERRCODE = '42501';
    END IF;
    INSERT INTO _timeshard_catalog.committed_transaction (gid) VALUES (gid);
END
$$;
GRANT EXECUTE ON FUNCTION _timeshard_catalog.record_commit(text) TO PUBLIC;
REVOKE INSERT ON _timeshard_catalog.committed_transaction FROM PUBLIC;
