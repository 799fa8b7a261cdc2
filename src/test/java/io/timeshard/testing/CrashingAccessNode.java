package io.timeshard.testing;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A second access node in a process of its own on a cluster's home database, set to halt dead at
 * a named fault point ({@code timeshard.fault.halt-at}), as a power cut would.
 */
public final class CrashingAccessNode implements AutoCloseable {
    /** The exit code of a process halted at its fault point. */
    public static final int HALTED = 70;

    private final Process process;
    private final Path log;
    private final int port;

    private CrashingAccessNode(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts one on the home database at {@code homeJdbcUrl} (which names the user), halting at {@code haltAt}. */
    public static CrashingAccessNode start(String homeJdbcUrl, String haltAt) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Files.createTempFile("crashing-access-node", ".log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dtimeshard.fault.halt-at=" + haltAt, "-cp", System.getProperty("java.class.path"), "io.timeshard.cli.Main",
                "start", "--port", Integer.toString(port), "--home-url", homeJdbcUrl)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new CrashingAccessNode(process, log, port);
    }

    /** A connection to it, once it listens. */
    public Connection connect() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            try {
                return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/timeshard", properties);
            } catch (SQLException e) {
                if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the second access node did not start:\n" + Files.readString(log), e);
                }
                Thread.sleep(200);
            }
        }
    }

    /** Waits for the process to end; returns its exit code. */
    public int awaitExit() throws Exception {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the second access node did not halt:\n" + Files.readString(log));
        }
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        process.destroyForcibly();
        Files.deleteIfExists(log);
    }
}
