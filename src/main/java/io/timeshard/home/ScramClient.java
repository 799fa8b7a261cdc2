package io.timeshard.home;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The client's side of one SCRAM-SHA-256 exchange without channel binding (RFC 5802), with a
 * password or with the keys a client's own SCRAM login yielded (which are the password's keys for
 * the salt and iterations the server stored, so they answer that server's challenge).
 */
public final class ScramClient {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String password;
    private final Credential.ScramKeys keys;
    private final String clientFirstBare;
    private final String clientNonce;
    private byte[] serverSignature;

    public static ScramClient withPassword(String password) {
        return new ScramClient(password, null);
    }

    public static ScramClient withKeys(Credential.ScramKeys keys) {
        return new ScramClient(null, keys);
    }

    private ScramClient(String password, Credential.ScramKeys keys) {
        this.password = password;
        this.keys = keys;
        byte[] nonce = new byte[18];
        RANDOM.nextBytes(nonce);
        this.clientNonce = Base64.getEncoder().encodeToString(nonce);
        this.clientFirstBare = "n=,r=" + clientNonce; // PostgreSQL takes the user from the startup packet
    }

    public String clientFirst() {
        return "n,," + clientFirstBare;
    }

    /** The client-final message for the server-first one; empty when the server's message is not a valid answer. */
    public Optional<String> clientFinal(String serverFirst) {
        String nonce = null;
        byte[] salt = null;
        int iterations = 0;
        for (String part : serverFirst.split(",")) {
            if (part.startsWith("r=")) {
                nonce = part.substring(2);
            } else if (part.startsWith("s=")) {
                salt = Base64.getDecoder().decode(part.substring(2));
            } else if (part.startsWith("i=")) {
                iterations = Integer.parseInt(part.substring(2));
            }
        }
        if (nonce == null || !nonce.startsWith(clientNonce) || salt == null || iterations <= 0) {
            return Optional.empty();
        }
        byte[] salted = password == null ? null : Scram256.saltedPassword(password, salt, iterations);
        byte[] clientKey = salted == null ? keys.clientKey() : Scram256.clientKey(salted);
        byte[] serverKey = salted == null ? keys.serverKey() : Scram256.serverKey(salted);
        String withoutProof = "c=biws,r=" + nonce;
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        byte[] proof = Scram256.xor(clientKey, Scram256.hmac(Scram256.sha256(clientKey), authMessage));
        serverSignature = Scram256.hmac(serverKey, authMessage);
        return Optional.of(withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof));
    }

    /** True when the server-final message proves the server knows the password too. */
    public boolean verifies(String serverFinal) {
        return serverSignature != null && serverFinal.startsWith("v=")
                && MessageDigest.isEqual(Base64.getDecoder().decode(serverFinal.substring(2).strip()), serverSignature);
    }
}
