package io.timeshard.distributed;

import io.timeshard.distributed.RandomQueries.RandomQuery;
import io.timeshard.distributed.RandomQueries.Shape;

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
 * What the random differential run found: the seed and count that reproduce it, every query that
 * answered differently on the two sides, the queries both refused (a generator that drifts into
 * invalid SQL shows there), how often each shape was drawn and where the time went.
 */
final class RandomQueryReport {
    /** How timeshard's answer to one query compares with PostgreSQL's. */
    enum Verdict {
        SAME_ROWS(false, "same rows"),
        SAME_ERROR(false, "same error on both sides"),
        DIFFERENT_ROWS(true, "different rows"),
        TIMESHARD_ERROR(true, "an error on timeshard only"),
        REFERENCE_ERROR(true, "an error on PostgreSQL only"),
        DIFFERENT_ERRORS(true, "errors with different SQLSTATEs");

        private final boolean difference;
        private final String title;

        Verdict(boolean difference, String title) {
            this.difference = difference;
            this.title = title;
        }

        boolean isDifference() {
            return difference;
        }
    }

    record Outcome(RandomQuery query, Verdict verdict, String detail, Duration reference, Duration timeshard) {
        Outcome {
            requireNonNull(query, "query is null");
            requireNonNull(verdict, "verdict is null");
            requireNonNull(detail, "detail is null");
            requireNonNull(reference, "reference is null");
            requireNonNull(timeshard, "timeshard is null");
        }
    }

    /** Differences can print whole result rows (a string_agg of a day): the message keeps this much of each, the file more. */
    private static final int MESSAGE_DETAIL = 700;
    private static final int FILE_DETAIL = 4_000;
    private static final int SLOWEST = 15;

    private final long seed;
    private final int count;
    private final List<Outcome> outcomes = new ArrayList<>();

    RandomQueryReport(long seed, int count) {
        this.seed = seed;
        this.count = count;
    }

    void add(Outcome outcome) {
        outcomes.add(requireNonNull(outcome, "outcome is null"));
    }

    boolean hasDifferences() {
        return outcomes.stream().anyMatch(outcome -> outcome.verdict().isDifference());
    }

    /** The failure message: the counts and the first {@code shown} differences. */
    String summary(int shown, Path file) {
        StringBuilder text = new StringBuilder(header());
        List<Outcome> differences = differences();
        text.append("\nThe first ").append(Math.min(shown, differences.size())).append(" of ").append(differences.size())
                .append(" differences (all of them in ").append(file.toAbsolutePath()).append("):\n");
        differences.stream().limit(shown).forEach(outcome -> appendOutcome(text, outcome, MESSAGE_DETAIL));
        return text.toString();
    }

    /** Everything, for the file. */
    String render() {
        StringBuilder text = new StringBuilder(header());
        List<Outcome> differences = differences();
        text.append("\n== ").append(differences.size()).append(" differences ==\n");
        differences.forEach(outcome -> appendOutcome(text, outcome, FILE_DETAIL));
        List<Outcome> refused = outcomes.stream().filter(outcome -> outcome.verdict() == Verdict.SAME_ERROR).toList();
        text.append("\n== ").append(refused.size()).append(" queries both sides refuse alike ==\n");
        refused.forEach(outcome -> appendOutcome(text, outcome, FILE_DETAIL));
        text.append("\n== shapes ==\n");
        Map<Shape, List<Outcome>> byShape = new EnumMap<>(Shape.class);
        outcomes.forEach(outcome -> byShape.computeIfAbsent(outcome.query().shape(), shape -> new ArrayList<>()).add(outcome));
        byShape.forEach((shape, list) -> text.append(String.format(Locale.ROOT, "  %-24s %5d queries, %4d differences, %4d refused by both,"
                + " timeshard %6d ms, PostgreSQL %6d ms%n", shape.label(), list.size(),
                list.stream().filter(outcome -> outcome.verdict().isDifference()).count(),
                list.stream().filter(outcome -> outcome.verdict() == Verdict.SAME_ERROR).count(),
                total(list, Outcome::timeshard).toMillis(), total(list, Outcome::reference).toMillis())));
        text.append("\n== slowest on timeshard ==\n");
        outcomes.stream().sorted(Comparator.comparing(Outcome::timeshard).reversed()).limit(SLOWEST).forEach(outcome -> text.append(
                String.format(Locale.ROOT, "  %6d ms (PostgreSQL %5d ms) #%d %s%n", outcome.timeshard().toMillis(),
                        outcome.reference().toMillis(), outcome.query().number(), oneLine(outcome.query().sql(), 300))));
        return text.toString();
    }

    private String header() {
        StringBuilder text = new StringBuilder();
        text.append("Random differential queries: seed ").append(seed).append(", count ").append(count).append(", ").append(outcomes.size())
                .append(" run; timeshard ").append(total(outcomes, Outcome::timeshard).toMillis()).append(" ms, PostgreSQL ")
                .append(total(outcomes, Outcome::reference).toMillis()).append(" ms\n");
        for (Verdict verdict : Verdict.values()) {
            text.append("  ").append(outcomes.stream().filter(outcome -> outcome.verdict() == verdict).count()).append(' ')
                    .append(verdict.title).append('\n');
        }
        text.append("Rerun: mvn test -Dtest=RandomQueryDifferentialIntegrationTest")
                .append(" -D").append(RandomQueryDifferentialIntegrationTest.SEED_PROPERTY).append('=').append(seed)
                .append(" -D").append(RandomQueryDifferentialIntegrationTest.COUNT_PROPERTY).append('=').append(count)
                .append(" [-D").append(RandomQueryDifferentialIntegrationTest.ONLY_PROPERTY).append("=17,42 for some of the queries]\n");
        return text.toString();
    }

    private List<Outcome> differences() {
        return outcomes.stream().filter(outcome -> outcome.verdict().isDifference()).toList();
    }

    private static void appendOutcome(StringBuilder text, Outcome outcome, int detailLength) {
        RandomQuery query = outcome.query();
        String order = query.ordered() ? ", ordered by " + query.order().name().toLowerCase(Locale.ROOT).replace('_', ' ') : "";
        text.append("#").append(query.number()).append(" [").append(query.shape().label()).append(order)
                .append("] ").append(oneLine(query.sql(), Integer.MAX_VALUE)).append('\n')
                .append("    ").append(outcome.verdict().title).append(": ").append(oneLine(outcome.detail(), detailLength)).append('\n');
    }

    private static String oneLine(String text, int length) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() <= length ? line : line.substring(0, length) + "... (" + (line.length() - length) + " more characters)";
    }

    private static Duration total(List<Outcome> list, java.util.function.Function<Outcome, Duration> side) {
        return list.stream().map(side).reduce(Duration.ZERO, Duration::plus);
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
