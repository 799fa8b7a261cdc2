package io.timeshard.session;

import io.timeshard.home.Credential;
import io.timeshard.home.Scram256;
import io.timeshard.home.StoredSecret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The server's side of one SCRAM-SHA-256 exchange without channel binding: client-first, then
 * server-first, client-final and server-final (RFC 5802). A role without a SCRAM verifier gets a
 * made-up one, so that the exchange runs to its end and fails there, as PostgreSQL's does: a
 * client cannot tell a missing role from a wrong password.
 */
final class ScramExchange {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MOCK_ITERATIONS = 4096;

    private final StoredSecret.Scram secret;
    private final boolean genuine;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private byte[] clientKey;

    ScramExchange(Optional<StoredSecret.Scram> secret) {
        this.genuine = secret.isPresent();
        this.secret = secret.orElseGet(() -> new StoredSecret.Scram(MOCK_ITERATIONS, randomBytes(16), randomBytes(32), randomBytes(32)));
    }

    /** The server-first message for the client-first one; empty when the message is malformed or asks for channel binding. */
    Optional<String> serverFirst(String clientFirst) {
        if (!(clientFirst.startsWith("n,") || clientFirst.startsWith("y,"))) {
            return Optional.empty();
        }
        int bare = clientFirst.indexOf(',', 2);
        if (bare < 0) {
            return Optional.empty();
        }
        gs2Header = clientFirst.substring(0, bare + 1);
        clientFirstBare = clientFirst.substring(bare + 1);
        Optional<String> clientNonce = attribute(clientFirstBare, 'r');
        if (clientNonce.isEmpty()) {
            return Optional.empty();
        }
        nonce = clientNonce.get() + Base64.getEncoder().encodeToString(randomBytes(18));
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(secret.salt()) + ",i=" + secret.iterations();
        return Optional.of(serverFirst);
    }

    /** The server-final message when the client's proof holds; empty when it does not. */
    Optional<String> serverFinal(String clientFinal) {
        int proofAt = clientFinal.lastIndexOf(",p=");
        if (serverFirst == null || proofAt < 0) {
            return Optional.empty();
        }
        String withoutProof = clientFinal.substring(0, proofAt);
        String channelBinding = Base64.getEncoder().encodeToString(gs2Header.getBytes(StandardCharsets.UTF_8));
        if (!attribute(withoutProof, 'c').equals(Optional.of(channelBinding)) || !attribute(withoutProof, 'r').equals(Optional.of(nonce))) {
            return Optional.empty();
        }
        byte[] proof;
        try {
            proof = Base64.getDecoder().decode(clientFinal.substring(proofAt + 3));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        byte[] clientSignature = Scram256.hmac(secret.storedKey(), authMessage);
        if (proof.length != clientSignature.length) {
            return Optional.empty();
        }
        byte[] proven = Scram256.xor(proof, clientSignature);
        if (!genuine || !MessageDigest.isEqual(Scram256.sha256(proven), secret.storedKey())) {
            return Optional.empty();
        }
        clientKey = proven;
        return Optional.of("v=" + Base64.getEncoder().encodeToString(Scram256.hmac(secret.serverKey(), authMessage)));
    }

    /** The keys the client proved it has, once {@link #serverFinal} has accepted its proof. */
    Credential.ScramKeys keys() {
        return new Credential.ScramKeys(clientKey, secret.serverKey());
    }

    /** The value of attribute {@code name} ("r=...") in a comma-separated SCRAM message. */
    private static Optional<String> attribute(String message, char name) {
        for (String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(0) == name && part.charAt(1) == '=') {
                return Optional.of(part.substring(2));
            }
        }
        return Optional.empty();
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
