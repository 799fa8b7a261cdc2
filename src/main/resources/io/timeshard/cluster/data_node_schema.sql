-- What add_data_node installs in a data node's database.
CREATE SCHEMA IF NOT EXISTS _timeshard_internal;

-- The cluster this database belongs to: a database serves one timeshard cluster only.
CREATE TABLE IF NOT EXISTS _timeshard_internal.node_identity (
    cluster_id uuid NOT NULL,
    node_name name NOT NULL,
    joined_at timestamptz NOT NULL DEFAULT now(),
    singleton boolean NOT NULL DEFAULT true UNIQUE CHECK (singleton)
);
