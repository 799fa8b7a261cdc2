package io.timeshard.distributed;

import io.timeshard.distributed.QueryCorpus.Entry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Everything the differential test found wrong over the whole corpus, by kind, so that one
 * failure message (and one file) lists all of it rather than the first problem only.
 */
final class CorpusReport {
    /** The kinds of problems, in the order the report lists them. */
    enum Kind {
        CORPUS_ERROR("queries PostgreSQL itself refuses (corpus bugs)"),
        TIMESHARD_ERROR("queries that fail on timeshard"),
        RESULT_MISMATCH("queries whose results differ"),
        STRATEGY_MISMATCH("queries with another strategy than stated");

        private final String title;

        Kind(String title) {
            this.title = title;
        }
    }

    private record Problem(Entry entry, String detail) {}

    private record Timing(Entry entry, Duration reference, Duration timeshard) {}

    private final int corpusSize;
    private final Map<Kind, List<Problem>> problems = new EnumMap<>(Kind.class);
    private final List<Timing> timings = new ArrayList<>();

    CorpusReport(int corpusSize) {
        this.corpusSize = corpusSize;
        for (Kind kind : Kind.values()) {
            problems.put(kind, new ArrayList<>());
        }
    }

    synchronized void add(Kind kind, Entry entry, String detail) {
        problems.get(requireNonNull(kind, "kind is null")).add(new Problem(requireNonNull(entry, "entry is null"), detail));
    }

    synchronized void timed(Entry entry, Duration reference, Duration timeshard) {
        timings.add(new Timing(entry, reference, timeshard));
    }

    synchronized boolean isClean() {
        return problems.values().stream().allMatch(List::isEmpty);
    }

    synchronized String render() {
        StringBuilder text = new StringBuilder();
        text.append("Differential query corpus: ").append(corpusSize).append(" queries");
        for (Kind kind : Kind.values()) {
            text.append(", ").append(problems.get(kind).size()).append(' ').append(kind.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
        text.append('\n');
        for (Kind kind : Kind.values()) {
            List<Problem> found = problems.get(kind);
            if (found.isEmpty()) {
                continue;
            }
            text.append("\n== ").append(found.size()).append(' ').append(kind.title).append(" ==\n");
            for (Problem problem : found) {
                Entry entry = problem.entry();
                text.append("line ").append(entry.line()).append(" [").append(entry.label()).append("] ")
                        .append(entry.sql().replaceAll("\\s+", " ")).append('\n')
                        .append("    ").append(problem.detail().replace("\n", "\n    ")).append('\n');
            }
        }
        if (!timings.isEmpty()) {
            Duration reference = timings.stream().map(Timing::reference).reduce(Duration.ZERO, Duration::plus);
            Duration timeshard = timings.stream().map(Timing::timeshard).reduce(Duration.ZERO, Duration::plus);
            text.append("\nQuery time: PostgreSQL ").append(reference.toMillis()).append(" ms, timeshard ").append(timeshard.toMillis())
                    .append(" ms. Slowest on timeshard:\n");
            timings.stream().sorted(Comparator.comparing(Timing::timeshard).reversed()).limit(10).forEach(timing -> text
                    .append(String.format("  %6d ms (PostgreSQL %5d ms) line %d%n", timing.timeshard().toMillis(),
                            timing.reference().toMillis(), timing.entry().line())));
        }
        return text.toString();
    }

    /** Writes the report where a build keeps its output, for reading after a long run. */
    void writeTo(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, render(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
