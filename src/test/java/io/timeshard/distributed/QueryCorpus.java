package io.timeshard.distributed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The queries of the differential test, read from a text resource: each is preceded by a comment
 * line stating what it must give, and ends with a semicolon at the end of a line. Other comment
 * lines and blank lines between entries are ignored. The line is
 * <pre>
 * -- EXPECTATION [EXECUTION]: why
 * </pre>
 * where the execution and the reason are optional. EXPECTATION is a strategy ({@code full},
 * {@code partial}, {@code fallback}, {@code pushed}, {@code home}): the query returns PostgreSQL's
 * rows and EXPLAIN shows that strategy; or {@code error SQLSTATE}: the query fails on both sides
 * with that SQLSTATE, and EXPLAIN fails or succeeds on timeshard as on PostgreSQL. EXECUTION says
 * how both sides run it ({@link QueryExecution}): {@code read only}, {@code cursor N},
 * {@code scroll cursor N}, {@code hold cursor N} or {@code fetch size N}; without it, as one
 * statement.
 */
final class QueryCorpus {
    private static final Pattern EXPECTATION_LINE = Pattern.compile(
            "--\\s*(?:(full|partial|fallback|pushed|home)|error\\s+([0-9A-Z]{5}))\\b\\s*(?:\\[([^\\]]*)\\])?\\s*(?::\\s*(.*))?");

    /**
     * How the distributed planner answers a query, as EXPLAIN prints it in its (first) {@code Strategy:}
     * line; PUSHED: a CTE's query is pushed down (its own strategy follows) and the rest runs at home;
     * HOME: the statement names no hypertable (it reads views or calls functions that do) and goes to
     * the home database as written, whose EXPLAIN prints no Strategy line.
     */
    enum Strategy {
        FULL, PARTIAL, FALLBACK, PUSHED, HOME;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Strategy ofLabel(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * One corpus entry: its line in the resource, the strategy it must get or the SQLSTATE it must
     * fail with (exactly one of them), how it runs, and its SQL without the final semicolon.
     */
    record Entry(int line, Optional<Strategy> strategy, Optional<String> sqlState, QueryExecution execution, String sql, String why) {
        Entry {
            requireNonNull(strategy, "strategy is null");
            requireNonNull(sqlState, "sqlState is null");
            requireNonNull(execution, "execution is null");
            requireNonNull(sql, "sql is null");
            requireNonNull(why, "why is null");
            if (strategy.isPresent() == sqlState.isPresent()) {
                throw new IllegalArgumentException("an entry expects either a strategy or an error");
            }
        }

        /** An entry that runs as one statement and must answer with the given strategy. */
        Entry(int line, Strategy strategy, String sql, String why) {
            this(line, Optional.of(strategy), Optional.empty(), QueryExecution.PLAIN, sql, why);
        }

        /** Whether rows must come in the query's order: it has an ORDER BY outside any parentheses. */
        boolean ordered() {
            return hasTopLevelOrderBy(sql);
        }

        /** What the entry expects and how it runs, as its comment line says it. */
        String label() {
            String expectation = strategy.map(Strategy::label).orElseGet(() -> "error " + sqlState.orElseThrow());
            return execution.mode() == QueryExecution.Mode.PLAIN ? expectation : expectation + " [" + execution.label() + "]";
        }

        String name() {
            String oneLine = sql.replaceAll("\\s+", " ");
            return "line " + line + ": " + (oneLine.length() > 110 ? oneLine.substring(0, 107) + "..." : oneLine);
        }
    }

    private QueryCorpus() {}

    static List<Entry> load(String resource) {
        try (InputStream input = QueryCorpus.class.getResourceAsStream(resource)) {
            if (input == null) {
                throw new IllegalStateException("no resource " + resource);
            }
            return parse(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Entry> parse(String text) {
        List<Entry> entries = new ArrayList<>();
        List<String> lines = text.lines().toList();
        Expectation expectation = null;
        int start = 0;
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (sql.isEmpty()) {
                Matcher marker = EXPECTATION_LINE.matcher(line);
                if (marker.matches()) {
                    if (expectation != null) {
                        throw new IllegalArgumentException("line " + (i + 1) + ": an expectation line follows another without a query");
                    }
                    expectation = Expectation.of(marker, i + 1);
                    continue;
                }
                if (line.isEmpty() || line.startsWith("--")) {
                    continue;
                }
                if (expectation == null) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": a query without a strategy line before it");
                }
                start = i + 1;
            } else if (line.startsWith("--")) {
                throw new IllegalArgumentException("line " + (i + 1) + ": a comment inside the query of line " + start);
            }
            sql.append(sql.isEmpty() ? "" : "\n").append(line);
            if (line.endsWith(";")) {
                entries.add(new Entry(start, expectation.strategy(), expectation.sqlState(), expectation.execution(),
                        sql.substring(0, sql.length() - 1).strip(), expectation.why()));
                sql.setLength(0);
                expectation = null;
            }
        }
        if (!sql.isEmpty() || expectation != null) {
            throw new IllegalArgumentException("the last entry has no query ending with a semicolon");
        }
        return List.copyOf(entries);
    }

    /** What an expectation line says, before its query is read. */
    private record Expectation(Optional<Strategy> strategy, Optional<String> sqlState, QueryExecution execution, String why) {
        static Expectation of(Matcher line, int number) {
            QueryExecution execution;
            try {
                execution = line.group(3) == null ? QueryExecution.PLAIN : QueryExecution.parse(line.group(3));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + number + ": " + e.getMessage(), e);
            }
            return new Expectation(Optional.ofNullable(line.group(1)).map(Strategy::ofLabel), Optional.ofNullable(line.group(2)),
                    execution, line.group(4) == null ? "" : line.group(4).strip());
        }
    }

    /** Whether the statement has ORDER BY outside parentheses, string literals and quoted names. */
    static boolean hasTopLevelOrderBy(String sql) {
        StringBuilder topLevel = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = sql.indexOf(c, i + 1);
                while (end >= 0 && end + 1 < sql.length() && sql.charAt(end + 1) == c) {
                    end = sql.indexOf(c, end + 2);
                }
                i = end < 0 ? sql.length() : end;
                topLevel.append(' ');
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                topLevel.append(' ');
            } else if (depth == 0) {
                topLevel.append(c);
            }
        }
        return Pattern.compile("\\border\\s+by\\b", Pattern.CASE_INSENSITIVE).matcher(topLevel).find();
    }
}
