package io.timeshard.bench;

import java.io.PrintStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The query measures of BENCHMARK.md, taken on fresh servers: the workload loaded by COPY into both
 * systems and vacuumed and analysed, then Q1 to Q6 timed on each, plain PostgreSQL first.
 */
public final class QueryBenchmark {
    static final WorkloadTable TABLE = new WorkloadTable("conditions");

    private final BenchmarkSetup setup;
    private final PrintStream progressOut;

    public QueryBenchmark(BenchmarkSetup setup, PrintStream progressOut) {
        this.setup = requireNonNull(setup, "setup is null");
        this.progressOut = requireNonNull(progressOut, "progressOut is null");
    }

    /** Starts the servers, loads the workload, times the queries, stops the servers and removes their scratch data. */
    public QueryReport run() {
        return ComparedSessions.onScratchServers("query", setup, progressOut, sessions -> {
            RunEnvironment environment = RunEnvironment.of(setup, sessions.postgresVersion());
            sessions.createWorkloadTable(TABLE);
            // Each load ends with VACUUM ANALYZE: both planners get the statistics of a settled table.
            sessions.loadIntoBoth("copy_csv", "COPY CSV", TABLE, setup.rows(), LoadMethod.COPY);
            List<QueryMeasure> measures = new ArrayList<>();
            for (WorkloadQuery query : WorkloadQuery.standard()) {
                measures.add(measure(sessions, query));
            }
            return new QueryReport(environment, measures);
        });
    }

    private QueryMeasure measure(ComparedSessions sessions, WorkloadQuery query) throws SQLException {
        progressOut.printf("%-44s ...", query.title());
        progressOut.flush();
        QueryTimings plain = QueryTimer.time(sessions.plain(), query.plainSql());
        QueryTimings timeshard = QueryTimer.time(sessions.timeshard(), query.sql());
        progressOut.printf(" timeshard %,.2f ms, plain %,.2f ms%n", timeshard.medianMillis(), plain.medianMillis());
        return new QueryMeasure(query, timeshard, plain);
    }
}
