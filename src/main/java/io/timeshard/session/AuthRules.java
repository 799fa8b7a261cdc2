package io.timeshard.session;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which authentication method a client connection gets, by PostgreSQL's pg_hba.conf rules: the
 * first line whose connection type, database, user and address match decides. The access node reads
 * a file of such lines ({@code host}, {@code hostssl}, {@code hostnossl}; databases and users as
 * lists or {@code all}; an address as CIDR, a bare address or {@code all}); without one, loopback
 * clients are trusted and everyone else uses SCRAM-SHA-256, unless one method is given for all.
 */
public final class AuthRules {
    enum ConnectionType { HOST, HOSTSSL, HOSTNOSSL }

    record Rule(ConnectionType type, Set<String> databases, Set<String> users, Optional<Network> network, AuthMethod method) {
        boolean matches(String database, String user, InetAddress address, boolean ssl) {
            return switch (type) {
                case HOST -> true;
                case HOSTSSL -> ssl;
                case HOSTNOSSL -> !ssl;
            } && (databases.contains("all") || databases.contains(database)) && (users.contains("all") || users.contains(user))
                    && network.map(net -> net.contains(address)).orElse(true);
        }

        /** True when the rule can match a client that is not on this machine's loopback. */
        boolean reachesBeyondLoopback() {
            return network.map(net -> !net.address().isLoopbackAddress()).orElse(true);
        }
    }

    record Network(InetAddress address, int prefixLength) {
        boolean contains(InetAddress candidate) {
            byte[] network = address.getAddress();
            byte[] other = candidate.getAddress();
            if (network.length != other.length) {
                return false;
            }
            for (int bit = 0; bit < prefixLength; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((network[bit / 8] & mask) != (other[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Rule> rules;

    private AuthRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** One method for every connection, loopback included. */
    public static AuthRules everyone(AuthMethod method) {
        return new AuthRules(List.of(new Rule(ConnectionType.HOST, Set.of("all"), Set.of("all"), Optional.empty(), method)));
    }

    /** Loopback clients trusted, everyone else SCRAM-SHA-256. */
    public static AuthRules loopbackTrusted() {
        return new AuthRules(List.of(
                new Rule(ConnectionType.HOST, Set.of("all"), Set.of("all"), Optional.of(network("127.0.0.0/8")), AuthMethod.TRUST),
                new Rule(ConnectionType.HOST, Set.of("all"), Set.of("all"), Optional.of(network("::1/128")), AuthMethod.TRUST),
                new Rule(ConnectionType.HOST, Set.of("all"), Set.of("all"), Optional.empty(), AuthMethod.SCRAM_SHA_256)));
    }

    /** Reads a file of pg_hba.conf lines; {@code local} lines are skipped (the access node takes no Unix-socket clients). */
    public static AuthRules read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the authentication rules " + file + ": " + e.getMessage(), e);
        }
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceFirst("#.*", "").trim();
            if (!line.isEmpty() && !line.startsWith("local")) {
                rules.add(rule(line, file + " line " + (i + 1)));
            }
        }
        return new AuthRules(rules);
    }

    private static Rule rule(String line, String where) {
        String[] fields = line.split("\\s+");
        if (fields.length != 5) {
            throw invalid(where, "expected TYPE DATABASE USER ADDRESS METHOD");
        }
        ConnectionType type;
        try {
            type = ConnectionType.valueOf(fields[0].toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(where, "unknown connection type \"" + fields[0] + "\"");
        }
        Optional<Network> network = fields[3].equals("all") ? Optional.empty() : Optional.of(network(fields[3]));
        return new Rule(type, Set.of(fields[1].split(",")), Set.of(fields[2].split(",")), network, AuthMethod.parse(fields[4]));
    }

    private static Network network(String text) {
        String[] parts = text.split("/", 2);
        try {
            if (parts[0].isEmpty() || !Character.isDigit(parts[0].charAt(0)) && !parts[0].contains(":")) {
                throw new IllegalArgumentException("not an address"); // a host name: rules name addresses only
            }
            InetAddress address = InetAddress.getByName(parts[0]);
            int bits = address.getAddress().length * 8;
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("prefix out of range");
            }
            return new Network(address, prefix);
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE, "invalid address \"" + text + "\": use CIDR, e.g. 10.0.0.0/8");
        }
    }

    private static TimeshardException invalid(String where, String problem) {
        return TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE, "invalid authentication rule at " + where + ": " + problem);
    }

    /** The method for this connection; fails as PostgreSQL does when no rule matches. */
    public AuthMethod methodFor(String database, String user, InetAddress address, boolean ssl) {
        return rules.stream().filter(rule -> rule.matches(database, user, address, ssl)).findFirst().map(Rule::method)
                .orElseThrow(() -> TimeshardException.of(ErrorCode.INVALID_AUTHORIZATION_SPECIFICATION,
                        "no pg_hba.conf entry for host \"" + address.getHostAddress() + "\", user \"" + user + "\", database \""
                                + database + "\", " + (ssl ? "SSL encryption" : "no encryption")));
    }

    /** True when a client on loopback logs in as any role without a password. */
    public boolean trustsLoopback() {
        try {
            return methodFor("postgres", "postgres", InetAddress.getByName("127.0.0.1"), false) == AuthMethod.TRUST;
        } catch (UnknownHostException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Refuses to listen on an address other machines reach while some rule trusts clients beyond
     * loopback: anyone could then log in as any role, a superuser included.
     */
    public void requirePasswordsOn(InetAddress listenAddress) {
        if (listenAddress.isLoopbackAddress()) {
            return;
        }
        if (rules.stream().anyMatch(rule -> rule.method() == AuthMethod.TRUST && rule.reachesBeyondLoopback())) {
            throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE, "refusing to listen on " + listenAddress.getHostAddress()
                    + " with trust authentication for clients beyond loopback: give --auth scram-sha-256 (or md5, password),"
                    + " or rules that trust loopback only");
        }
    }

    @Override
    public String toString() {
        return Arrays.toString(rules.toArray());
    }
}
