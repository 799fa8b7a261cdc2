package io.timeshard.home;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.protocol.BackendMessages;
import io.timeshard.protocol.ErrorFields;
import io.timeshard.protocol.FrontendMessages;
import io.timeshard.protocol.MessageStream;
import io.timeshard.protocol.PayloadReader;
import io.timeshard.protocol.PayloadWriter;
import io.timeshard.protocol.PgMessage;
import io.timeshard.protocol.TransactionStatus;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The startup of a home-database session: startup packet, authentication (trust, password, md5, SCRAM-SHA-256), until ready. */
final class HomeHandshake {
    private static final int PROTOCOL_3_0 = 196608;
    private static final String SCRAM_SHA_256 = "SCRAM-SHA-256";

    /** What the home database said at startup. */
    record Result(Map<String, String> parameters, int processId, int secretKey, TransactionStatus status) {}

    private HomeHandshake() {}

    static Result perform(MessageStream stream, HomeEndpoint endpoint, String user, Credential credential,
                          Map<String, String> startupParameters) {
        PayloadWriter startup = new PayloadWriter().int32(PROTOCOL_3_0);
        Map<String, String> sent = new LinkedHashMap<>(startupParameters);
        sent.put("user", user);
        sent.put("database", endpoint.database());
        sent.forEach((name, value) -> startup.cString(name).cString(value));
        stream.writeStartupPacket(startup.byte1(0).toByteArray());
        stream.flush();
        Map<String, String> parameters = new LinkedHashMap<>();
        int processId = 0;
        int secretKey = 0;
        while (true) {
            PgMessage message = stream.read();
            if (message == null) {
                throw TimeshardException.of(ErrorCode.SQLCLIENT_UNABLE_TO_ESTABLISH_CONNECTION, "the home database closed the connection");
            }
            switch (message.typeChar()) {
                case BackendMessages.AUTHENTICATION -> authenticate(stream, endpoint, message, user, credential);
                case BackendMessages.PARAMETER_STATUS -> {
                    PayloadReader reader = message.reader();
                    parameters.put(reader.readCString(), reader.readCString());
                }
                case BackendMessages.BACKEND_KEY_DATA -> {
                    PayloadReader reader = message.reader();
                    processId = reader.readInt32();
                    secretKey = reader.readInt32();
                }
                case BackendMessages.ERROR_RESPONSE -> throw HomeConnection.toException(ErrorFields.decode(message));
                case BackendMessages.READY_FOR_QUERY -> {
                    return new Result(parameters, processId, secretKey, TransactionStatus.fromCode(message.payload()[0]));
                }
                default -> { /* NoticeResponse during startup: nothing to keep */ }
            }
        }
    }

    /**
     * Answers the home database's request with the client's credential, or else with the endpoint's
     * password (the access node's own role, or a home database that gives every role the same one).
     */
    private static void authenticate(MessageStream stream, HomeEndpoint endpoint, PgMessage message, String user, Credential credential) {
        PayloadReader reader = message.reader();
        int method = reader.readInt32();
        switch (method) {
            case 0 -> { }
            case 3 -> sendPassword(stream, password(credential, endpoint, "password"));
            case 5 -> {
                byte[] salt = reader.readBytes(4);
                StoredSecret.Md5 hash = credential instanceof Credential.Md5Hash stored ? new StoredSecret.Md5(stored.hash())
                        : StoredSecret.Md5.of(user, password(credential, endpoint, "md5"));
                sendPassword(stream, hash.salted(salt));
            }
            case 10 -> scram(stream, reader, credential instanceof Credential.ScramKeys keys ? ScramClient.withKeys(keys)
                    : ScramClient.withPassword(password(credential, endpoint, "scram-sha-256")));
            case 11, 12 -> throw TimeshardException.of(ErrorCode.PROTOCOL_VIOLATION, "the home database continued a SCRAM exchange out of turn");
            default -> throw TimeshardException.of(ErrorCode.SQLCLIENT_UNABLE_TO_ESTABLISH_CONNECTION,
                    "the home database asks for an authentication method timeshard does not speak (code " + method
                            + "); allow trust, password, md5 or scram-sha-256 for the access node");
        }
    }

    /** SCRAM-SHA-256 from its first message to the server's signature, which must prove the home database knows the password. */
    private static void scram(MessageStream stream, PayloadReader mechanisms, ScramClient client) {
        boolean offered = false;
        for (String mechanism = mechanisms.readCString(); !mechanism.isEmpty(); mechanism = mechanisms.readCString()) {
            offered |= mechanism.equals(SCRAM_SHA_256);
        }
        if (!offered) {
            throw TimeshardException.of(ErrorCode.SQLCLIENT_UNABLE_TO_ESTABLISH_CONNECTION,
                    "the home database offers no SASL mechanism timeshard speaks (SCRAM-SHA-256 without channel binding)");
        }
        byte[] first = client.clientFirst().getBytes(StandardCharsets.UTF_8);
        stream.write(new PayloadWriter().cString(SCRAM_SHA_256).int32(first.length).bytes(first).toMessage(FrontendMessages.PASSWORD));
        stream.flush();
        String serverFirst = saslData(stream, 11);
        String clientFinal = client.clientFinal(serverFirst).orElseThrow(() -> TimeshardException.of(
                ErrorCode.SQLCLIENT_UNABLE_TO_ESTABLISH_CONNECTION, "the home database sent an invalid SCRAM message"));
        stream.write(new PayloadWriter().bytes(clientFinal.getBytes(StandardCharsets.UTF_8)).toMessage(FrontendMessages.PASSWORD));
        stream.flush();
        if (!client.verifies(saslData(stream, 12))) {
            throw TimeshardException.of(ErrorCode.SQLCLIENT_UNABLE_TO_ESTABLISH_CONNECTION,
                    "the home database could not prove it knows the password (SCRAM server signature)");
        }
    }

    /** The data of the next SASL authentication message of this code; the home database's error when it refused. */
    private static String saslData(MessageStream stream, int code) {
        PgMessage message = stream.read();
        if (message == null) {
            throw TimeshardException.of(ErrorCode.SQLCLIENT_UNABLE_TO_ESTABLISH_CONNECTION, "the home database closed the connection");
        }
        if (message.typeChar() == BackendMessages.ERROR_RESPONSE) {
            throw HomeConnection.toException(ErrorFields.decode(message));
        }
        PayloadReader reader = message.reader();
        if (message.typeChar() != BackendMessages.AUTHENTICATION || reader.readInt32() != code) {
            throw TimeshardException.of(ErrorCode.PROTOCOL_VIOLATION, "unexpected message during SCRAM authentication");
        }
        return new String(reader.readBytes(reader.remaining()), StandardCharsets.UTF_8);
    }

    private static String password(Credential credential, HomeEndpoint endpoint, String method) {
        if (credential instanceof Credential.Password password) {
            return password.password();
        }
        return endpoint.password().orElseThrow(() -> TimeshardException.of(ErrorCode.SQLCLIENT_UNABLE_TO_ESTABLISH_CONNECTION,
                "the home database asks for a password (" + method + ") that the client's login did not give the access node")
                .withHint("Let the access node's address log in to the home database by trust, or match the access node's"
                        + " --auth method to the home database's (scram-sha-256 answers scram-sha-256, md5 md5, password any)."));
    }

    private static void sendPassword(MessageStream stream, String password) {
        stream.write(new PayloadWriter().cString(password).toMessage(FrontendMessages.PASSWORD));
        stream.flush();
    }
}
