package io.timeshard.wire;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * The access node's certificate chain and private key, from PEM files as PostgreSQL takes them
 * (ssl_cert_file, ssl_key_file), ready to answer clients' SSLRequest.
 */
public final class TlsIdentity {
    private static final char[] NO_PASSWORD = new char[0];
    private final SSLContext context;

    private TlsIdentity(SSLContext context) {
        this.context = context;
    }

    /** {@code key}: an unencrypted PKCS#8 key ("BEGIN PRIVATE KEY"), RSA or EC. */
    public static TlsIdentity fromPem(Path certificate, Path key) {
        try (InputStream certificates = Files.newInputStream(certificate)) {
            List<? extends Certificate> chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(certificates));
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("no certificate in " + certificate);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("timeshard", privateKey(key), NO_PASSWORD, chain.toArray(Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, NO_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return new TlsIdentity(context);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TLS certificate " + certificate + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the TLS certificate " + certificate + " and key " + key + ": " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file);
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException("the TLS key " + file + " is not an unencrypted PKCS#8 key (BEGIN PRIVATE KEY);"
                    + " convert it with: openssl pkcs8 -topk8 -nocrypt -in " + file);
        }
        String body = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27, pem.indexOf("-----END PRIVATE KEY-----"));
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(body));
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(spec);
        } catch (GeneralSecurityException notRsa) {
            return KeyFactory.getInstance("EC").generatePrivate(spec);
        }
    }

    SSLContext context() {
        return context;
    }
}
