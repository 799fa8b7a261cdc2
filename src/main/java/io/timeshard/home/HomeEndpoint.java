package io.timeshard.home;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Where the home database is and the credentials the access node uses for it. */
public record HomeEndpoint(String host, int port, String database, String user, Optional<String> password) {
    public HomeEndpoint {
        requireNonNull(host, "host is null");
        requireNonNull(database, "database is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "HomeEndpoint[" + host + ":" + port + "/" + database + " as " + user + "]";
    }
}
