package io.timeshard.distributed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The queries of the differential test, read from a text resource: each is preceded by a comment
 * line naming the strategy EXPLAIN must show ({@code -- full}, {@code -- partial} or
 * {@code -- fallback}, optionally followed by {@code : why}) and ends with a semicolon at the end
 * of a line. Other comment lines and blank lines between entries are ignored.
 */
final class QueryCorpus {
    private static final Pattern STRATEGY_LINE = Pattern.compile("--\\s*(full|partial|fallback|pushed)\\b\\s*(?::\\s*(.*))?");

    /**
     * How the distributed planner answers a query, as EXPLAIN prints it in its (first) {@code Strategy:}
     * line; PUSHED: a CTE's query is pushed down (its own strategy follows) and the rest runs at home.
     */
    enum Strategy {
        FULL, PARTIAL, FALLBACK, PUSHED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Strategy ofLabel(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }
    }

    /** One corpus entry: its line in the resource, the strategy it must get and its SQL without the final semicolon. */
    record Entry(int line, Strategy strategy, String sql, String why) {
        Entry {
            requireNonNull(strategy, "strategy is null");
            requireNonNull(sql, "sql is null");
            requireNonNull(why, "why is null");
        }

        /** Whether rows must come in the query's order: it has an ORDER BY outside any parentheses. */
        boolean ordered() {
            return hasTopLevelOrderBy(sql);
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
        Strategy strategy = null;
        String why = "";
        int start = 0;
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (sql.isEmpty()) {
                Matcher marker = STRATEGY_LINE.matcher(line);
                if (marker.matches()) {
                    if (strategy != null) {
                        throw new IllegalArgumentException("line " + (i + 1) + ": a strategy line follows another without a query");
                    }
                    strategy = Strategy.ofLabel(marker.group(1));
                    why = marker.group(2) == null ? "" : marker.group(2).strip();
                    continue;
                }
                if (line.isEmpty() || line.startsWith("--")) {
                    continue;
                }
                if (strategy == null) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": a query without a strategy line before it");
                }
                start = i + 1;
            } else if (line.startsWith("--")) {
                throw new IllegalArgumentException("line " + (i + 1) + ": a comment inside the query of line " + start);
            }
            sql.append(sql.isEmpty() ? "" : "\n").append(line);
            if (line.endsWith(";")) {
                entries.add(new Entry(start, strategy, sql.substring(0, sql.length() - 1).strip(), why));
                sql.setLength(0);
                strategy = null;
            }
        }
        if (!sql.isEmpty() || strategy != null) {
            throw new IllegalArgumentException("the last entry has no query ending with a semicolon");
        }
        return List.copyOf(entries);
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
