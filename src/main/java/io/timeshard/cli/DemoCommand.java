package io.timeshard.cli;

import io.timeshard.node.LocalCluster;
import io.timeshard.node.SelfSignedCertificate;
import io.timeshard.session.AuthRules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** A whole cluster on this machine, ready for psql. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a bundled home database, N bundled data nodes and an access node; Ctrl-C stops them all.")
final class DemoCommand implements Callable<Integer> {
    static final String DATABASE = LocalCluster.DATABASE;

    @Option(names = "--port", defaultValue = "6432", description = "Access node port (default ${DEFAULT-VALUE}); PostgreSQL servers use the ports after it.")
    int port;

    @Option(names = "--data-dir", defaultValue = "./timeshard-data", description = "Where the servers keep their data (default ${DEFAULT-VALUE}).")
    Path dataDirectory;

    @Option(names = "--data-nodes", defaultValue = "3", description = "Number of data nodes (default ${DEFAULT-VALUE}).")
    int dataNodes;

    @Option(names = "--fresh", description = "Delete the data directory first and start over.")
    boolean fresh;

    @Option(names = "--listen", defaultValue = "127.0.0.1", description = "Address the access node listens on (default ${DEFAULT-VALUE});"
            + " any other needs password authentication.")
    String listenAddress;

    @Mixin
    AuthOptions auth;

    @Option(names = "--pg-home", description = "A local PostgreSQL installation to use instead of the bundled binaries.")
    Path pgHome;

    @Override
    public Integer call() throws IOException, InterruptedException, java.sql.SQLException {
        AuthRules rules = auth.rules(listenAddress);
        if (fresh) {
            deleteTree(dataDirectory);
        }
        Files.createDirectories(dataDirectory);
        System.out.println("starting the home database and " + dataNodes + " data nodes in " + dataDirectory.toAbsolutePath() + " ...");
                LocalCluster cluster = LocalCluster.start(new LocalCluster.Layout(dataDirectory.toAbsolutePath(), port, port + 1, dataNodes,
                Optional.ofNullable(pgHome), true), listenAddress, rules, true);
        if (DemoData.loadIfMissing(cluster)) {
            System.out.println("created the hypertable \"conditions\" with three days of sample readings");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nstopping timeshard ...");
            cluster.close();
            stopped.countDown();
        }));
        System.out.println();
        System.out.println("timeshard is ready with " + dataNodes + " data nodes. Connect with:");
        System.out.println();
        System.out.println("    psql -h " + listenAddress + " -p " + cluster.port() + " -U postgres " + DATABASE);
        System.out.println();
        System.out.println(cluster.superuserPassword().isPresent() ? "Password of postgres: in " + dataDirectory.resolve(LocalCluster.PASSWORD_FILE)
                : "Authentication: " + AuthOptions.describe(rules) + "; --auth scram-sha-256 asks for passwords.");
        System.out.println("TLS: offered with a self-signed certificate; verify it with sslmode=verify-full sslrootcert="
                + dataDirectory.resolve(SelfSignedCertificate.CERTIFICATE));
        System.out.println("Ctrl-C stops every process; the data stays in " + dataDirectory + " for the next run.");
        stopped.await();
        return 0;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

}
