package io.timeshard.home;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;

/** SCRAM-SHA-256's functions (RFC 5802, RFC 7677), as PostgreSQL applies them. */
public final class Scram256 {
    private Scram256() {}

    /**
     * PBKDF2-HMAC-SHA-256 of the password. PostgreSQL prepares the password with SASLprep when it
     * can; for the passwords people type, that is Unicode's NFKC normalisation.
     */
    public static byte[] saltedPassword(String password, byte[] salt, int iterations) {
        String prepared = Normalizer.normalize(password, Normalizer.Form.NFKC);
        try {
            // PBEKeySpec takes chars and encodes them as UTF-8, as SCRAM wants.
            PBEKeySpec spec = new PBEKeySpec(prepared.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] clientKey(byte[] saltedPassword) {
        return hmac(saltedPassword, "Client Key".getBytes(StandardCharsets.US_ASCII));
    }

    public static byte[] serverKey(byte[] saltedPassword) {
        return hmac(saltedPassword, "Server Key".getBytes(StandardCharsets.US_ASCII));
    }

    public static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] sha256(byte[] value) {
        return digest("SHA-256").digest(value);
    }

    public static byte[] xor(byte[] first, byte[] second) {
        byte[] result = new byte[first.length];
        for (int i = 0; i < first.length; i++) {
            result[i] = (byte) (first[i] ^ second[i]);
        }
        return result;
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
