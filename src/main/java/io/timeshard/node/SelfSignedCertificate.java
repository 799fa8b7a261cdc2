package io.timeshard.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;

/**
 * A self-signed certificate for localhost and 127.0.0.1, made once with the JDK's keytool and kept
 * as PEM files ({@code server.crt}, {@code server.key}), so that clients can ask for TLS and verify it
 * ({@code sslrootcert=server.crt}).
 */
public final class SelfSignedCertificate {
    public static final String CERTIFICATE = "server.crt";
    public static final String KEY = "server.key";
    private static final String STORE_PASSWORD = "timeshard";

    private SelfSignedCertificate() {}

    /** The directory's certificate and key, made when missing. */
    public static void ensure(Path directory) {
        Path certificate = directory.resolve(CERTIFICATE);
        Path key = directory.resolve(KEY);
        if (Files.exists(certificate) && Files.exists(key)) {
            return;
        }
        Path store = directory.resolve("server.p12");
        try {
            Files.deleteIfExists(store);
            Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "timeshard", "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                    "-keystore", store.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD))
                    .redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (keytool.waitFor() != 0) {
                throw new IllegalStateException("keytool could not make a certificate: " + output);
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, STORE_PASSWORD.toCharArray());
            }
            Key privateKey = keys.getKey("timeshard", STORE_PASSWORD.toCharArray());
            Files.writeString(certificate, pem("CERTIFICATE", keys.getCertificate("timeshard").getEncoded()));
            Files.deleteIfExists(key);
            Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(key, pem("PRIVATE KEY", privateKey.getEncoded()));
            Files.delete(store);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a TLS certificate in " + directory + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a TLS certificate: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making a TLS certificate", e);
        }
    }

    private static String pem(String kind, byte[] der) {
        return "-----BEGIN " + kind + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + kind + "-----\n";
    }
}
