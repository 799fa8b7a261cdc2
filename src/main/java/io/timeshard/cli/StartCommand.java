package io.timeshard.cli;

import io.timeshard.embedded.PostgresInstance;
import io.timeshard.embedded.PostgresOptions;
import io.timeshard.home.HomeEndpoint;
import io.timeshard.node.AccessNode;
import io.timeshard.session.AuthRules;
import io.timeshard.wire.ServerOptions;
import io.timeshard.wire.TlsIdentity;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Runs an access node on an external home database or on a bundled one. */
@Command(name = "start", mixinStandardHelpOptions = true, description = "Run an access node.")
final class StartCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "6432", description = "Port clients connect to (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--listen", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String listenAddress;

    @Mixin
    AuthOptions auth;

    @Option(names = "--tls-cert", description = "Certificate chain (PEM) to offer TLS with; needs --tls-key.")
    Path tlsCertificate;

    @Option(names = "--tls-key", description = "Unencrypted PKCS#8 private key (PEM) of --tls-cert.")
    Path tlsKey;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Home home;

    static final class Home {
        @Option(names = "--home-url", description = "JDBC URL of the home database, e.g. jdbc:postgresql://127.0.0.1:5432/timeshard?user=postgres")
        String homeUrl;

        @ArgGroup(exclusive = false)
        Embedded embedded;
    }

    static final class Embedded {
        @Option(names = "--embedded-home", required = true, description = "Run the home database as a bundled PostgreSQL.")
        boolean enabled;

        @Option(names = "--data-dir", required = true, description = "Data directory of the bundled home database.")
        Path dataDirectory;

        @Option(names = "--pg-home", description = "A local PostgreSQL installation to use instead of the bundled binaries.")
        Path pgHome;
    }

    @Override
    public Integer call() throws InterruptedException, java.net.UnknownHostException {
        AuthRules rules = auth.rules(listenAddress);
        HomeEndpoint endpoint;
        if (home.homeUrl != null) {
            endpoint = JdbcUrls.parse(home.homeUrl);
        } else {
            PostgresInstance instance = PostgresInstance.start(PostgresOptions.of(home.embedded.dataDirectory, 0)
                    .withPgHome(Optional.ofNullable(home.embedded.pgHome)));
            instance.createDatabaseIfMissing(DemoCommand.DATABASE);
            endpoint = new HomeEndpoint("127.0.0.1", instance.port(), DemoCommand.DATABASE, PostgresInstance.SUPERUSER, Optional.empty());
        }
                if ((tlsCertificate == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        Optional<TlsIdentity> tls = tlsCertificate == null ? Optional.empty() : Optional.of(TlsIdentity.fromPem(tlsCertificate, tlsKey));
        AccessNode node = AccessNode.start(endpoint, new ServerOptions(listenAddress, port, rules, tls));
        System.out.println("timeshard access node on " + listenAddress + ":" + node.port() + ", home database " + endpoint
                + "; " + AuthOptions.describe(rules));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
