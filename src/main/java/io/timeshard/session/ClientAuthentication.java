package io.timeshard.session;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.home.Credential;
import io.timeshard.home.StoredSecret;
import io.timeshard.protocol.BackendMessages;
import io.timeshard.protocol.ClientChannel;
import io.timeshard.protocol.PayloadReader;
import io.timeshard.protocol.PayloadWriter;
import io.timeshard.protocol.PgMessage;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * Authenticates a client as PostgreSQL would: the rules pick the method for the connection, and
 * password, md5 and SCRAM-SHA-256 check what the client proves against the role's stored password.
 * As in PostgreSQL, md5 falls back to SCRAM for a role whose password is stored as SCRAM, and a
 * failure says only that authentication failed, never whether the role exists.
 */
public final class ClientAuthentication {
    private static final int CLEARTEXT_PASSWORD = 3;
    private static final int MD5_PASSWORD = 5;
    private static final int SASL = 10;
    private static final int SASL_CONTINUE = 11;
    private static final int SASL_FINAL = 12;
    private static final String SCRAM_SHA_256 = "SCRAM-SHA-256";
    private static final char PASSWORD_MESSAGE = 'p';
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AuthRules rules;
    private final RoleSecrets secrets;

    public ClientAuthentication(AuthRules rules, RoleSecrets secrets) {
        this.rules = rules;
        this.secrets = secrets;
    }

    /**
     * Runs the connection's method to its end and returns what it leaves to log in to the home
     * database with; throws (28000, 28P01) when the client is not let in.
     */
    public Credential authenticate(ClientChannel client, String database, String user, InetAddress address, boolean ssl) {
        AuthMethod method = rules.methodFor(database, user, address, ssl);
        Optional<Credential> proven = switch (method) {
            case TRUST -> Optional.of(Credential.NONE);
            case REJECT -> throw TimeshardException.of(ErrorCode.INVALID_AUTHORIZATION_SPECIFICATION, "pg_hba.conf rejects connection for host \""
                    + address.getHostAddress() + "\", user \"" + user + "\", database \"" + database + "\", "
                    + (ssl ? "SSL encryption" : "no encryption"));
            case PASSWORD -> cleartext(client, user);
            case MD5 -> secrets.find(user).filter(StoredSecret.Scram.class::isInstance).isPresent() ? scram(client, user) : md5(client, user);
            case SCRAM_SHA_256 -> scram(client, user);
        };
        return proven.orElseThrow(() -> TimeshardException.of(ErrorCode.INVALID_PASSWORD,
                "password authentication failed for user \"" + user + "\""));
    }

    private Optional<Credential> cleartext(ClientChannel client, String user) {
        request(client, new PayloadWriter().int32(CLEARTEXT_PASSWORD));
        String password = new PayloadReader(response(client)).readCString();
        boolean matches = !password.isEmpty() && secrets.find(user).map(secret -> secret.matches(user, password)).orElse(false);
        return matches ? Optional.of(new Credential.Password(password)) : Optional.empty();
    }

    private Optional<Credential> md5(ClientChannel client, String user) {
        byte[] salt = new byte[4];
        RANDOM.nextBytes(salt);
        request(client, new PayloadWriter().int32(MD5_PASSWORD).bytes(salt));
        String answer = new PayloadReader(response(client)).readCString();
        return secrets.find(user).filter(StoredSecret.Md5.class::isInstance).map(StoredSecret.Md5.class::cast)
                .filter(secret -> MessageDigest.isEqual(secret.salted(salt).getBytes(StandardCharsets.US_ASCII),
                        answer.getBytes(StandardCharsets.US_ASCII)))
                .map(secret -> new Credential.Md5Hash(secret.hash()));
    }

    private Optional<Credential> scram(ClientChannel client, String user) {
        request(client, new PayloadWriter().int32(SASL).cString(SCRAM_SHA_256).byte1(0));
        PayloadReader initial = new PayloadReader(response(client));
        String mechanism = initial.readCString();
        if (!mechanism.equals(SCRAM_SHA_256)) {
            throw TimeshardException.of(ErrorCode.PROTOCOL_VIOLATION, "client selected an invalid SASL authentication mechanism");
        }
        int length = initial.readInt32();
        String clientFirst = new String(initial.readBytes(Math.max(length, 0)), StandardCharsets.UTF_8);
        ScramExchange exchange = new ScramExchange(secrets.find(user).filter(StoredSecret.Scram.class::isInstance)
                .map(StoredSecret.Scram.class::cast));
        String serverFirst = exchange.serverFirst(clientFirst).orElseThrow(() -> TimeshardException.of(ErrorCode.PROTOCOL_VIOLATION,
                "malformed SCRAM message (channel binding is not offered)"));
        request(client, new PayloadWriter().int32(SASL_CONTINUE).bytes(serverFirst.getBytes(StandardCharsets.UTF_8)));
        Optional<String> serverFinal = exchange.serverFinal(new String(response(client), StandardCharsets.UTF_8));
        serverFinal.ifPresent(message -> request(client, new PayloadWriter().int32(SASL_FINAL).bytes(message.getBytes(StandardCharsets.UTF_8))));
        return serverFinal.map(accepted -> exchange.keys());
    }

    private static void request(ClientChannel client, PayloadWriter authentication) {
        client.send(authentication.toMessage(BackendMessages.AUTHENTICATION));
        client.flush();
    }

    /** The payload of the client's next password or SASL message. */
    private static byte[] response(ClientChannel client) {
        PgMessage message = client.read();
        if (message == null) {
            throw TimeshardException.of(ErrorCode.PROTOCOL_VIOLATION, "the client left during authentication");
        }
        if (message.typeChar() != PASSWORD_MESSAGE) {
            throw TimeshardException.of(ErrorCode.PROTOCOL_VIOLATION, "expected password response, got message type " + message.typeChar());
        }
        return message.payload();
    }
}
