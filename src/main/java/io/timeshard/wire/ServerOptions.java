package io.timeshard.wire;

import io.timeshard.session.AuthRules;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Where the access node listens, how it lets clients in, and its TLS identity when it offers TLS. */
public record ServerOptions(String listenAddress, int port, AuthRules rules, Optional<TlsIdentity> tls) {
    public ServerOptions {
        requireNonNull(listenAddress, "listenAddress is null");
        requireNonNull(rules, "rules is null");
        requireNonNull(tls, "tls is null");
    }

    /** Loopback clients trusted, others by SCRAM-SHA-256, no TLS. */
    public static ServerOptions of(String listenAddress, int port) {
        return new ServerOptions(listenAddress, port, AuthRules.loopbackTrusted(), Optional.empty());
    }
}
