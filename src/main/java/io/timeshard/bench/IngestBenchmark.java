package io.timeshard.bench;

import java.io.PrintStream;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The ingest measures of BENCHMARK.md, taken on fresh servers: COPY of all rows, then multi-row
 * INSERT of the first rows into a second table, each into plain PostgreSQL first and then into
 * timeshard, with the row counts checked on both sides after every load. The INSERT measure
 * follows an untimed run of the same statements into a scratch table on both sides: it lasts about
 * two seconds, and would otherwise time the access node's JIT compiling its statement reader
 * (measured: 200 statements of a fresh access node take 1.5x as long as the same 200 statements
 * a few hundred statements later).
 */
public final class IngestBenchmark {
    static final WorkloadTable COPY_TABLE = new WorkloadTable("conditions");
    static final WorkloadTable INSERT_TABLE = new WorkloadTable("conditions_insert");
    static final WorkloadTable WARM_UP_TABLE = new WorkloadTable("conditions_warm_up");

    private final IngestOptions options;
    private final PrintStream progressOut;

    public IngestBenchmark(IngestOptions options, PrintStream progressOut) {
        this.options = requireNonNull(options, "options is null");
        this.progressOut = requireNonNull(progressOut, "progressOut is null");
    }

    /** Starts the servers, takes the measures, stops the servers and removes their scratch data. */
    public IngestReport run() {
        BenchmarkSetup setup = options.setup();
        return ComparedSessions.onScratchServers("ingest", setup, progressOut, sessions -> {
            RunEnvironment environment = RunEnvironment.of(setup, sessions.postgresVersion());
            sessions.createWorkloadTable(COPY_TABLE);
            IngestMeasure copy = sessions.loadIntoBoth("copy_csv", String.format("COPY CSV, %,d rows", setup.rows()), COPY_TABLE,
                    setup.rows(), LoadMethod.COPY);
            sessions.createWorkloadTable(WARM_UP_TABLE);
            sessions.warmUpBoth(WARM_UP_TABLE, options.insertRows(), LoadMethod.INSERT);
            sessions.createWorkloadTable(INSERT_TABLE);
            IngestMeasure insert = sessions.loadIntoBoth("insert_multirow", String.format("INSERT %,d rows/statement, %,d rows",
                    InsertStatements.ROWS_PER_STATEMENT, options.insertRows()), INSERT_TABLE, options.insertRows(), LoadMethod.INSERT);
            return new IngestReport(environment, List.of(copy, insert));
        });
    }
}
