package io.timeshard.catalog;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A registered data node. The password never appears in {@link #toString()}. {@code available} is
 * kept by the health checks unless {@code availabilityForced} (an operator set it); {@code stateSince}
 * is when it last changed.
 */
public record DataNode(String name, String host, int port, String database, String owner, Optional<String> password,
                       boolean available, boolean availabilityForced, Instant stateSince) {
    public DataNode {
        requireNonNull(name, "name is null");
        requireNonNull(host, "host is null");
        requireNonNull(database, "database is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(password, "password is null");
        requireNonNull(stateSince, "stateSince is null");
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** "data node "name" (host:port)", for error messages. */
    public String describe() {
        return "data node \"" + name + "\" (" + host + ":" + port + ")";
    }

    public DataNode withConnection(String newHost, int newPort, String newDatabase) {
        return new DataNode(name, newHost, newPort, newDatabase, owner, password, available, availabilityForced, stateSince);
    }

    /** The node as an operator set its availability: unavailable until they say otherwise. */
    public DataNode withForcedAvailability(boolean newAvailable) {
        return new DataNode(name, host, port, database, owner, password, newAvailable, !newAvailable, stateSince);
    }

    @Override
    public String toString() {
        return "DataNode[" + name + " " + host + ":" + port + "/" + database + " owner=" + owner
                + (password.isPresent() ? " password=***" : "") + (available ? "" : " unavailable") + "]";
    }
}
