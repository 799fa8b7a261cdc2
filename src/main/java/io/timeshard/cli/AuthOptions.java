package io.timeshard.cli;

import io.timeshard.session.AuthMethod;
import io.timeshard.session.AuthRules;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/** How the access node lets clients in: one method for all, a file of pg_hba.conf rules, or the default. */
final class AuthOptions {
    @Option(names = "--auth", description = "Authentication for every client, loopback included: trust, password, md5 or"
            + " scram-sha-256 (default: trust on loopback, scram-sha-256 for everyone else).")
    String method;

    @Option(names = "--hba-file", description = "Authentication rules in pg_hba.conf's format (host, hostssl, hostnossl lines).")
    Path rulesFile;

    /** The rules, checked against the address to listen on before anything starts. */
    AuthRules rules(String listenAddress) throws UnknownHostException {
        if (method != null && rulesFile != null) {
            throw new IllegalArgumentException("give --auth or --hba-file, not both");
        }
        AuthRules rules = rulesFile != null ? AuthRules.read(rulesFile)
                : method == null ? AuthRules.loopbackTrusted() : AuthRules.everyone(AuthMethod.parse(method));
        rules.requirePasswordsOn(InetAddress.getByName(listenAddress));
        return rules;
    }

    /** How the rules treat a client on this machine, for the start-up message. */
    static String describe(AuthRules rules) {
        return rules.trustsLoopback() ? "clients on 127.0.0.1 are trusted (no password)" : "clients log in with a password";
    }
}
