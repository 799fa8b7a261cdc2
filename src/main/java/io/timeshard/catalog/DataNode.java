package io.timeshard.catalog;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A registered data node. The password never appears in {@link #toString()}. */
public record DataNode(String name, String host, int port, String database, String owner, Optional<String> password,
                       boolean available) {
    public DataNode {
        requireNonNull(name, "name is null");
        requireNonNull(host, "host is null");
        requireNonNull(database, "database is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(password, "password is null");
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** "data node "name" (host:port)", for error messages. */
    public String describe() {
        return "data node \"" + name + "\" (" + host + ":" + port + ")";
    }

    public DataNode withConnection(String newHost, int newPort, String newDatabase) {
        return new DataNode(name, newHost, newPort, newDatabase, owner, password, available);
    }

    public DataNode withAvailable(boolean newAvailable) {
        return new DataNode(name, host, port, database, owner, password, newAvailable);
    }

    @Override
    public String toString() {
        return "DataNode[" + name + " " + host + ":" + port + "/" + database + " owner=" + owner
                + (password.isPresent() ? " password=***" : "") + (available ? "" : " unavailable") + "]";
    }
}
