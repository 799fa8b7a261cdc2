package io.timeshard.home;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A role's password as PostgreSQL stores it ({@code pg_authid.rolpassword}): a SCRAM-SHA-256
 * verifier ({@code SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey}) or an MD5 hash
 * ({@code md5} + md5(password + role name)).
 */
public sealed interface StoredSecret {
    /** True when {@code password} is the role's password. */
    boolean matches(String role, String password);

    record Scram(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) implements StoredSecret {
        @Override
        public boolean matches(String role, String password) {
            byte[] clientKey = Scram256.clientKey(Scram256.saltedPassword(password, salt, iterations));
            return MessageDigest.isEqual(Scram256.sha256(clientKey), storedKey);
        }
    }

    record Md5(String hash) implements StoredSecret {
        @Override
        public boolean matches(String role, String password) {
            return MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII), of(role, password).hash().getBytes(StandardCharsets.US_ASCII));
        }

        /** What an md5 client sends for this hash and salt. */
        public String salted(byte[] salt) {
            return "md5" + md5Hex(hash.substring(3).getBytes(StandardCharsets.US_ASCII), salt);
        }

        /** The hash PostgreSQL stores for this role's password. */
        public static Md5 of(String role, String password) {
            return new Md5("md5" + md5Hex((password + role).getBytes(StandardCharsets.UTF_8), new byte[0]));
        }
    }

    /** Reads a stored password; empty for none, or a form PostgreSQL no longer writes (plain text). */
    static Optional<StoredSecret> parse(String stored) {
        if (stored == null) {
            return Optional.empty();
        }
        if (stored.startsWith("md5") && stored.length() == 35) {
            return Optional.of(new Md5(stored));
        }
        if (stored.startsWith("SCRAM-SHA-256$")) {
            String[] parts = stored.substring("SCRAM-SHA-256$".length()).split("[$:]");
            if (parts.length == 4) {
                try {
                    Base64.Decoder base64 = Base64.getDecoder();
                    return Optional.of(new Scram(Integer.parseInt(parts[0]), base64.decode(parts[1]), base64.decode(parts[2]),
                            base64.decode(parts[3])));
                } catch (IllegalArgumentException malformed) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static String md5Hex(byte[] first, byte[] second) {
        MessageDigest md5 = Scram256.digest("MD5");
        md5.update(first);
        md5.update(second);
        return HexFormat.of().formatHex(md5.digest());
    }
}
