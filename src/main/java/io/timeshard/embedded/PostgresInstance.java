package io.timeshard.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * One PostgreSQL server run as a child process in the foreground: initialised on first start
 * (UTF8, C collation, trust for "postgres" on 127.0.0.1), then started on its data directory.
 * PostgreSQL refuses to run as root, so under root it runs as "nobody".
 */
public final class PostgresInstance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresInstance.class);
    public static final String SUPERUSER = "postgres";
    private static final int NOBODY = 65534;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final PostgresOptions options;
    private final Path binaries;
    private final int port;
    private Process process;

    private PostgresInstance(PostgresOptions options, Path binaries, int port) {
        this.options = options;
        this.binaries = binaries;
        this.port = port;
    }

    public static PostgresInstance start(PostgresOptions options) {
        Path binaries = PostgresBinaries.home(options.pgHome());
        PostgresInstance instance = new PostgresInstance(options, binaries, options.port() == 0 ? freePort() : options.port());
        instance.initializeIfNeeded();
        instance.launch();
        Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "stop-postgres-" + instance.port));
        return instance;
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return options.dataDirectory();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", SUPERUSER);
        properties.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(jdbcUrl(database), properties);
    }

    /** Creates a database with UTF8 and C collation unless it exists; returns true when it was created. */
    public boolean createDatabaseIfMissing(String database) {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            try (var rows = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database.replace("'", "''") + "'")) {
                if (rows.next()) {
                    return false;
                }
            }
            statement.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"")
                    + "\" ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database + " on port " + port + ": " + e.getMessage(), e);
        }
    }

    private void initializeIfNeeded() {
        Path dataDirectory = options.dataDirectory().toAbsolutePath();
        if (Files.exists(dataDirectory.resolve("PG_VERSION"))) {
            stopStalePostmaster(dataDirectory);
            return;
        }
        try {
            Files.createDirectories(dataDirectory);
            Files.setPosixFilePermissions(dataDirectory, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            if (runningAsRoot()) {
                run(List.of("chown", NOBODY + ":" + NOBODY, dataDirectory.toString()));
                requireReachableByPostgresUser(dataDirectory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDirectory, e);
        }
        List<String> initdb = List.of(binaries.resolve("bin/initdb").toString(), "-D", dataDirectory.toString(), "-U", SUPERUSER,
                "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
        run(asPostgresUser(initdb));
        LOG.info("initialised PostgreSQL data directory {}", dataDirectory);
    }

    private void launch() {
        Path dataDirectory = options.dataDirectory().toAbsolutePath();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("listen_addresses", "127.0.0.1");
        settings.put("unix_socket_directories", "");
        settings.put("max_connections", "300");
        settings.put("max_prepared_transactions", "150");
        // A data node's chunks are scanned again and again: with PostgreSQL's 128MB they fall under its
        // large-table threshold, each scan replaces the whole buffer pool and costs ~40% more per row.
        settings.put("shared_buffers", "512MB");
        settings.putAll(options.settings());
        List<String> command = new ArrayList<>(List.of(binaries.resolve("bin/postgres").toString(), "-D", dataDirectory.toString(),
                "-p", Integer.toString(port)));
        settings.forEach((name, value) -> command.addAll(List.of("-c", name + "=" + value)));
        ProcessBuilder builder = new ProcessBuilder(asPostgresUser(command)).redirectErrorStream(true);
        if (runningAsRoot()) {
            // Run as nobody, libpq inside the server (postgres_fdw) would look for client certificates in
            // root's home, which nobody may not read, and fail rather than go on without one.
            builder.environment().put("HOME", dataDirectory.toString());
        }
        Path logFile = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".log");
        if (options.logToConsole()) {
            builder.inheritIO();
        } else {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        }
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL: " + e.getMessage(), e);
        }
        awaitReady(logFile);
        LOG.info("PostgreSQL on port {} ready (data directory {})", port, dataDirectory);
    }

    private void awaitReady(Path logFile) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("PostgreSQL on port " + port + " exited with code " + process.exitValue()
                        + " while starting" + logTail(logFile));
            }
            try (Connection ignored = connect("postgres")) {
                return;
            } catch (SQLException e) {
                last = e;
                sleep(100);
            }
        }
        stop();
        throw new IllegalStateException("PostgreSQL on port " + port + " did not start within " + START_TIMEOUT.toSeconds() + "s: "
                + (last == null ? "" : last.getMessage()) + logTail(logFile));
    }

    private String logTail(Path logFile) {
        if (options.logToConsole() || !Files.exists(logFile)) {
            return "";
        }
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** A server left running by a process that was killed would hold the data directory: stop it. */
    private static void stopStalePostmaster(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(stale -> {
                LOG.warn("stopping PostgreSQL process {} left running on {}", pid, dataDirectory);
                signal(pid, "INT");
                stale.onExit().orTimeout(60, TimeUnit.SECONDS).join();
            });
        } catch (IOException | RuntimeException e) {
            LOG.debug("no stale postmaster to stop: {}", e.getMessage());
        }
    }

    /** Fast shutdown: rolls back open transactions, leaves prepared ones, waits for the checkpoint. */
    public synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        signal(process.pid(), "INT");
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the server abruptly, as a crash would; for fault tests. */
    public synchronized void kill() {
        if (process != null && process.isAlive()) {
            signal(process.pid(), "KILL");
            process.onExit().join();
        }
    }

    /**
     * Freezes the server and its backends, then kills them all at once, as a machine failure would:
     * no backend gets to answer or close its connections; for fault tests.
     */
    public synchronized void crash() {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> all = java.util.stream.Stream.concat(java.util.stream.Stream.of(process.toHandle()), process.descendants()).toList();
        all.forEach(member -> signal(member.pid(), "STOP"));
        all.forEach(member -> signal(member.pid(), "KILL"));
        process.onExit().join();
    }

    /** Starts the server again on the same data directory and port after {@link #stop()} or {@link #kill()}. */
    public synchronized void restart() {
        stop();
        stopStalePostmaster(options.dataDirectory().toAbsolutePath());
        launch();
    }

    /** Blocks until the server exits. */
    public void awaitExit() throws InterruptedException {
        process.waitFor();
    }

    @Override
    public void close() {
        stop();
    }

    private static void signal(long pid, String signal) {
        run(List.of("kill", "-" + signal, Long.toString(pid)));
    }

    /** initdb and the postmaster run as nobody under root: every directory above the data directory must let nobody through. */
    private static void requireReachableByPostgresUser(Path dataDirectory) {
        try {
            Process probe = new ProcessBuilder(asPostgresUser(List.of("test", "-w", dataDirectory.toString()))).start();
            if (probe.waitFor() != 0) {
                throw new IllegalStateException("PostgreSQL runs as user nobody (" + NOBODY + ") when timeshard runs as root, and"
                        + " nobody cannot enter data directory " + dataDirectory + " (a directory above it is closed to other users)."
                        + " Choose a data directory every user may reach, such as one under /var/tmp, or run timeshard as another user.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check data directory " + dataDirectory + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking data directory " + dataDirectory, e);
        }
    }

    private static List<String> asPostgresUser(List<String> command) {
        if (!runningAsRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(List<String> command) {
        try {
            Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (child.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
