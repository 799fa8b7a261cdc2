package io.timeshard.bench;

import io.timeshard.node.LocalCluster;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The {@link FailoverScenario} on a scratch cluster of its own. */
public final class FailoverBenchmark {
    private final int dataNodes;
    private final Optional<Path> pgHome;
    private final Optional<Path> workDirectory;
    private final FailoverScenario.Timeline timeline;
    private final PrintStream progressOut;

    public FailoverBenchmark(int dataNodes, Optional<Path> pgHome, Optional<Path> workDirectory, FailoverScenario.Timeline timeline,
                             PrintStream progressOut) {
        this.dataNodes = dataNodes;
        this.pgHome = requireNonNull(pgHome, "pgHome is null");
        this.workDirectory = requireNonNull(workDirectory, "workDirectory is null");
        this.timeline = requireNonNull(timeline, "timeline is null");
        this.progressOut = requireNonNull(progressOut, "progressOut is null");
    }

    public FailoverReport run() {
        try (WorkDirectory work = WorkDirectory.create(workDirectory);
             LocalCluster cluster = LocalCluster.start(new LocalCluster.Layout(work.path().resolve("cluster"), 0, 0, dataNodes, pgHome, false))) {
            return new FailoverScenario(cluster, timeline, progressOut).run();
        } catch (SQLException e) {
            throw new IllegalStateException("the failover benchmark failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the failover benchmark was interrupted", e);
        }
    }
}
