package io.timeshard.bench;

import io.timeshard.catalog.CatalogMigrations;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * TSBS's devops cpu-only queries on fresh servers: the same tags and readings loaded by COPY into a
 * distributed hypertable (space-partitioned by hostname, 12-hour chunks, TSBS's multi-node layout)
 * and into one plain PostgreSQL table with the same indexes, both settled; then each query type
 * warmed up and timed, every run with fresh random parameters sent to both systems, which take
 * turns going first so that machine noise hits both, and whose answers are compared.
 */
public final class DevopsBenchmark {
    static final int WARM_UP_RUNS = 2;
    /** Some types may take timeshard long today: a run is cut off after this, and the type reported as timed out. */
    static final int STATEMENT_TIMEOUT_SECONDS = 60;
    /** pgjdbc cancels a run later than the server should, in case the server's own timeout does not end it. */
    private static final int CLIENT_TIMEOUT_SECONDS = STATEMENT_TIMEOUT_SECONDS + 30;
    private static final String QUERY_CANCELED = "57014";
    private static final int READINGS_PER_COPY_BLOCK = 1000;

    private final DevopsOptions options;
    private final PrintStream progressOut;

    public DevopsBenchmark(DevopsOptions options, PrintStream progressOut) {
        this.options = requireNonNull(options, "options is null");
        this.progressOut = requireNonNull(progressOut, "progressOut is null");
    }

    /** Starts the servers, loads the data, times the query types, stops the servers and removes their scratch data. */
    public DevopsReport run() {
        BenchmarkSetup setup = options.setup();
        return ComparedSessions.onScratchServers("devops", setup, progressOut, sessions -> {
            RunEnvironment environment = RunEnvironment.of(setup, sessions.postgresVersion());
            createTables(sessions);
            load(sessions.plain(), ComparedSessions.PLAIN);
            load(sessions.timeshard(), ComparedSessions.TIMESHARD);
            sessions.settleBoth("tags", "cpu");
            String timeout = "SET statement_timeout = '" + STATEMENT_TIMEOUT_SECONDS + "s'";
            execute(sessions.plain(), timeout);
            execute(sessions.timeshard(), timeout);
            DevopsQueries queries = new DevopsQueries(options.hosts(), options.loaded(), options.seed());
            List<DevopsMeasure> measures = new ArrayList<>();
            for (DevopsQueryType type : DevopsQueryType.values()) {
                measures.add(measure(sessions, queries, type));
            }
            return new DevopsReport(environment, options, measures);
        });
    }

    /**
     * TSBS's tables on both sides. timeshard's default indexes on the hypertable are TSBS's two, and
     * the tags table stays a local table in the home database, as on a TimescaleDB access node. Plain
     * PostgreSQL gets timeshard's own time_bucket, so both sides bucket alike and at the same cost.
     */
    private static void createTables(ComparedSessions sessions) throws SQLException {
        List<String> plain = new ArrayList<>(List.of(DevopsData.CREATE_TAGS));
        plain.addAll(DevopsData.TAGS_INDEXES);
        plain.add(DevopsData.CREATE_CPU);
        plain.addAll(DevopsData.CPU_INDEXES);
        plain.add(CatalogMigrations.timeBucketFunctions());
        execute(sessions.plain(), plain.toArray(String[]::new));
        List<String> timeshard = new ArrayList<>(List.of(DevopsData.CREATE_TAGS));
        timeshard.addAll(DevopsData.TAGS_INDEXES);
        timeshard.add(DevopsData.CREATE_CPU);
        timeshard.add("SELECT create_distributed_hypertable('cpu', 'time', 'hostname', chunk_time_interval => interval '12 hours')");
        execute(sessions.timeshard(), timeshard.toArray(String[]::new));
    }

    /** Both tables by COPY CSV, the readings generated while they are sent, then checks what arrived. */
    private void load(Connection connection, String system) throws SQLException, IOException {
        DevopsData data = new DevopsData(options.hosts(), options.hours(), options.seed());
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        copy.copyIn(DevopsData.COPY_TAGS, new StringReader(data.tagsCsv()));
        ProgressBar progress = new ProgressBar("COPY cpu into " + system, data.readings(), progressOut);
        CopyIn in = copy.copyIn(DevopsData.COPY_CPU);
        try {
            StringBuilder block = new StringBuilder();
            boolean more = true;
            while (more) {
                block.setLength(0);
                more = data.appendReadings(block, READINGS_PER_COPY_BLOCK);
                byte[] bytes = block.toString().getBytes(StandardCharsets.UTF_8);
                in.writeToCopy(bytes, 0, bytes.length);
                progress.update(data.readingsWritten());
            }
            long copied = in.endCopy();
            progress.finish(data.readings());
            if (copied != data.readings()) {
                throw new IllegalStateException(system + ": COPY into cpu reported " + copied + " rows, expected " + data.readings());
            }
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
        long found = Long.parseLong(value(connection, "SELECT count(*) FROM cpu"));
        if (found != data.readings()) {
            throw new IllegalStateException(system + ": cpu holds " + found + " rows after the load, expected " + data.readings());
        }
    }

    private DevopsMeasure measure(ComparedSessions sessions, DevopsQueries queries, DevopsQueryType type) {
        progressOut.printf("%-22s ", type.label());
        progressOut.flush();
        String example = queries.next(type);
        Explained explained = explain(sessions.timeshard(), example);
        SideRuns plain = new SideRuns(sessions.plain());
        SideRuns timeshard = new SideRuns(sessions.timeshard());
        int compared = 0;
        int different = 0;
        for (int run = 0; run < WARM_UP_RUNS + options.runs(); run++) {
            String sql = run == 0 ? example : queries.next(type);
            boolean timed = run >= WARM_UP_RUNS;
            boolean plainFirst = run % 2 == 0;
            Optional<TextRows> first = (plainFirst ? plain : timeshard).run(sql, timed);
            Optional<TextRows> second = (plainFirst ? timeshard : plain).run(sql, timed);
            if (first.isPresent() && second.isPresent()) {
                compared++;
                different += first.get().matches(second.get()) ? 0 : 1;
            }
            progressOut.print(timed ? '.' : ',');
            progressOut.flush();
        }
        DevopsMeasure measure = new DevopsMeasure(type, example, explained.strategy(), explained.reason(), plain.side(), timeshard.side(),
                compared, different);
        progressOut.printf(" plain %s, timeshard %s, %s, rows %s%n", progressCell(measure.plain()), progressCell(measure.timeshard()),
                measure.strategy(), measure.rowsCell());
        return measure;
    }

    private static String progressCell(DevopsSide side) {
        return side.medianCell() + (side.finished() ? " ms" : "");
    }

    /** timeshard's strategy for a query and why, from the Strategy: and Reason: lines of its EXPLAIN. */
    private record Explained(String strategy, String reason) {}

    /** The strategy is "home" when the plan has no Strategy: line (the home database runs the query alone). */
    private static Explained explain(Connection timeshard, String sql) {
        List<String> plan = new ArrayList<>();
        try (Statement statement = timeshard.createStatement(); ResultSet result = statement.executeQuery("EXPLAIN " + sql)) {
            while (result.next()) {
                plan.add(result.getString(1).trim());
            }
        } catch (SQLException e) {
            return new Explained("explain failed", e.getMessage());
        }
        Optional<String> strategy = line(plan, "Strategy:");
        if (strategy.isEmpty()) {
            return new Explained("home", plan.isEmpty() ? "" : plan.get(0));
        }
        return new Explained(strategy.get(), line(plan, "Reason:").orElse(""));
    }

    private static Optional<String> line(List<String> plan, String label) {
        return plan.stream().filter(line -> line.startsWith(label)).map(line -> line.substring(label.length()).trim()).findFirst();
    }

    private static void execute(Connection connection, String... statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static String value(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    /** One system's runs of the current query type on its session, until the first timeout or error. */
    private static final class SideRuns {
        private final Connection connection;
        private final List<Duration> timedRuns = new ArrayList<>();
        private long rows;
        private DevopsSide.Outcome outcome = DevopsSide.Outcome.FINISHED;
        private String detail = "";

        SideRuns(Connection connection) {
            this.connection = connection;
        }

        /** The run's rows, or empty once the side has stopped. */
        Optional<TextRows> run(String sql, boolean timed) {
            if (outcome != DevopsSide.Outcome.FINISHED) {
                return Optional.empty();
            }
            try (Statement statement = connection.createStatement()) {
                statement.setQueryTimeout(CLIENT_TIMEOUT_SECONDS);
                long start = System.nanoTime();
                try (ResultSet result = statement.executeQuery(sql)) {
                    // With no fetch size pgjdbc has read every row when executeQuery returns: the time is the
                    // whole answer's, and leaves out the conversion to text below.
                    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                    TextRows answer = TextRows.read(result);
                    if (timed) {
                        timedRuns.add(elapsed);
                        rows += answer.size();
                    }
                    return Optional.of(answer);
                }
            } catch (SQLException e) {
                outcome = QUERY_CANCELED.equals(e.getSQLState()) ? DevopsSide.Outcome.TIMED_OUT : DevopsSide.Outcome.FAILED;
                detail = e.getMessage() + (timed ? " (timed run " + (timedRuns.size() + 1) + ")" : " (warm-up)");
                return Optional.empty();
            }
        }

        DevopsSide side() {
            return outcome == DevopsSide.Outcome.FINISHED ? DevopsSide.finished(timedRuns, rows)
                    : new DevopsSide(timedRuns, rows, outcome, detail);
        }
    }
}
