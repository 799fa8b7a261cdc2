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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** The startup of a home-database session: startup packet, authentication (trust, password, md5), until ready. */
final class HomeHandshake {
    private static final int PROTOCOL_3_0 = 196608;

    /** What the home database said at startup. */
    record Result(Map<String, String> parameters, int processId, int secretKey, TransactionStatus status) {}

    private HomeHandshake() {}

    static Result perform(MessageStream stream, HomeEndpoint endpoint, String user, Map<String, String> startupParameters) {
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
                case BackendMessages.AUTHENTICATION -> authenticate(stream, endpoint, message, user);
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

    private static void authenticate(MessageStream stream, HomeEndpoint endpoint, PgMessage message, String user) {
        PayloadReader reader = message.reader();
        int method = reader.readInt32();
        switch (method) {
            case 0 -> { }
            case 3 -> sendPassword(stream, requirePassword(endpoint));
            case 5 -> sendPassword(stream, md5Password(user, requirePassword(endpoint), reader.readBytes(4)));
            default -> throw TimeshardException.of(ErrorCode.SQLCLIENT_UNABLE_TO_ESTABLISH_CONNECTION,
                    "the home database asks for an authentication method timeshard does not speak (code " + method
                            + "); allow trust, password or md5 for the access node");
        }
    }

    private static String requirePassword(HomeEndpoint endpoint) {
        return endpoint.password().orElseThrow(() -> TimeshardException.of(ErrorCode.SQLCLIENT_UNABLE_TO_ESTABLISH_CONNECTION,
                "the home database asks for a password and none was configured"));
    }

    private static void sendPassword(MessageStream stream, String password) {
        stream.write(new PayloadWriter().cString(password).toMessage(FrontendMessages.PASSWORD));
        stream.flush();
    }

    private static String md5Password(String user, String password, byte[] salt) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            String inner = HexFormat.of().formatHex(md5.digest((password + user).getBytes(StandardCharsets.UTF_8)));
            md5.update(inner.getBytes(StandardCharsets.UTF_8));
            md5.update(salt);
            return "md5" + HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
