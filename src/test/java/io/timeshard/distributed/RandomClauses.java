package io.timeshard.distributed;

import io.timeshard.distributed.DifferentialSchema.Column;
import io.timeshard.distributed.DifferentialSchema.Hypertable;
import io.timeshard.distributed.DifferentialSchema.Type;
import io.timeshard.distributed.RandomQueries.QueryText;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static java.util.Objects.requireNonNull;

/**
 * The random pieces queries are made of: conditions, expressions, group keys and aggregates, with
 * the time ranges of {@link RandomTimes} and the ORDER BY and LIMIT of {@link RandomOrders}. Every
 * piece is valid on its own and deterministic: no volatile function, and every order that decides
 * which rows or which sequence a client sees (string_agg, row_number ...) ends with a unique key.
 */
final class RandomClauses {
    private static final List<String> BUCKET_WIDTHS = List.of("1 minute", "5 minutes", "15 minutes", "1 hour", "3 hours", "1 day");
    private static final List<String> TEXT_PATTERNS = List.of("o%", "%k", "%a%", "O_", "ok_", "it''s%", "%", "_", "Err%", "%r%");

    /** An aggregate call and whether timeshard can combine it from partial states (so a wide scan stays cheap). */
    record Aggregate(String sql, boolean combinable) {
        Aggregate {
            requireNonNull(sql, "sql is null");
        }
    }

    private final Random random;
    private final RandomChoices choices;
    private final RandomTimes times;
    private final RandomOrders orders;

    RandomClauses(Random random) {
        this.random = requireNonNull(random, "random is null");
        this.choices = new RandomChoices(random);
        this.times = new RandomTimes(choices);
        this.orders = new RandomOrders(choices);
    }

    boolean chance(double probability) {
        return choices.chance(probability);
    }

    /** A number from {@code low} to {@code high}, both included. */
    int between(int low, int high) {
        return choices.between(low, high);
    }

    <T> T pick(List<T> options) {
        return choices.pick(options);
    }

    String pick(String... options) {
        return choices.pick(options);
    }

    void shuffle(List<?> list) {
        choices.shuffle(list);
    }

    /** A literal among the column's values, or just outside them. */
    String literal(Column column) {
        return column.literal(random);
    }

    // ----- time, from RandomTimes -----

    Instant instant() {
        return times.instant();
    }

    String timestamp(Instant instant) {
        return times.timestamp(instant);
    }

    String typedTimestamp(Instant instant) {
        return times.typedTimestamp(instant);
    }

    String narrowTimeRange(String column, int maxMinutes) {
        return times.narrowTimeRange(column, maxMinutes);
    }

    String constantTimeRange(String column, int maxMinutes) {
        return times.constantTimeRange(column, maxMinutes);
    }

    String wideTimeRange(String column) {
        return times.wideTimeRange(column);
    }

    String bucketWidth() {
        return pick(BUCKET_WIDTHS);
    }

    // ----- conditions -----

    /** A condition on the space column: =, IN, <>, NOT IN, = ANY. */
    String spaceCondition(Hypertable table, String qualifier) {
        Column space = table.space();
        String column = qualifier + space.name();
        String type = space.type() == Type.TEXT ? "text" : "integer";
        return switch (between(0, 11)) {
            case 0, 1 -> column + " = " + space.literal(random);
            case 2, 3 -> column + " IN (" + literals(space, between(1, 4)) + ")";
            case 4 -> column + " <> " + space.literal(random);
            case 5 -> column + " NOT IN (" + literals(space, between(1, 3)) + ")";
            case 6 -> column + " = ANY (ARRAY[" + literals(space, between(1, 3)) + "]::" + type + "[])";
            case 7 -> "(" + column + " = " + space.literal(random) + " OR " + column + " = " + space.literal(random) + ")";
            case 8 -> column + " IS NOT DISTINCT FROM " + space.literal(random);
            // Conditions that select space values without naming them: no chunk may be excluded by mistake.
            case 9 -> space.type() == Type.TEXT ? "upper(" + column + ") = upper(" + space.literal(random) + ")"
                    : column + " + 0 = " + space.literal(random);
            case 10 -> space.type() == Type.TEXT ? column + " LIKE '" + pick("p%", "%o%", "_erlin", "S%") + "'"
                    : column + " % 4 = " + between(0, 3);
            default -> column + "::text IN (" + IntStream.range(0, between(1, 3)).mapToObj(i -> DifferentialSchema.quoted(
                    space.literal(random).replace("'", ""))).collect(Collectors.joining(", ")) + ")";
        };
    }

    private String literals(Column column, int count) {
        return IntStream.range(0, count).mapToObj(i -> column.literal(random)).distinct().collect(Collectors.joining(", "));
    }

    /** A condition on one column of the table, often NULL-aware. */
    String columnCondition(Column column, String qualifier) {
        String name = qualifier + column.name();
        return switch (column.type()) {
            case TEXT -> switch (between(0, 11)) {
                case 0, 1 -> name + " = " + column.literal(random);
                case 2 -> name + " <> " + column.literal(random);
                case 3 -> name + " IN (" + literals(column, between(2, 4)) + ")";
                case 4 -> name + " NOT IN (" + literals(column, between(1, 3)) + ")";
                case 5 -> name + (chance(0.5) ? " LIKE '" : " ILIKE '") + pick(TEXT_PATTERNS) + "'";
                case 6 -> name + " IS NULL";
                case 7 -> name + " IS NOT NULL";
                case 8 -> name + pick(" > ", " <= ") + column.literal(random);
                case 9 -> "length(" + name + ") " + pick(">", "<", "=") + " " + between(0, 6);
                case 10 -> name + " IS DISTINCT FROM " + column.literal(random);
                default -> name + " ~ '" + pick("^[A-Z]", "o", "^ok$", "[ü]", "s$") + "'";
            };
            case FLOAT, NUMERIC, INTEGER -> switch (between(0, 11)) {
                case 0, 1 -> name + pick(" > ", " >= ", " < ", " <= ") + column.literal(random);
                case 2 -> name + " = " + column.literal(random);
                case 3 -> name + " <> " + column.literal(random);
                case 4 -> name + " BETWEEN " + ordered(column);
                case 5 -> name + " NOT BETWEEN " + ordered(column);
                case 6 -> name + " IN (" + literals(column, between(2, 4)) + ")";
                case 7 -> name + " IS NULL";
                case 8 -> name + " IS NOT NULL";
                case 9 -> column.type() == Type.FLOAT ? "abs(" + name + ") < " + column.literal(random)
                        : name + " % " + between(2, 9) + " = " + between(0, 1);
                case 10 -> "coalesce(" + name + ", 0) " + pick(">", "<=") + " " + column.literal(random);
                default -> name + " + 1 " + pick(">", "<") + " " + column.literal(random);
            };
            case BOOLEAN -> switch (between(0, 7)) {
                case 0, 1 -> name;
                case 2 -> "NOT " + name;
                case 3 -> name + " IS TRUE";
                case 4 -> name + " IS NOT TRUE";
                case 5 -> name + " IS NULL";
                case 6 -> name + " = false";
                default -> name + " IS NOT FALSE";
            };
            case TIME -> switch (between(0, 7)) {
                case 0 -> "extract(hour FROM " + name + ") " + pick("<", ">=", "=") + " " + between(0, 23);
                case 1 -> "extract(dow FROM " + name + ") = " + between(0, 6);
                case 2 -> "date_trunc('hour', " + name + ") = " + timestamp(instant().truncatedTo(ChronoUnit.HOURS));
                case 3 -> "extract(minute FROM " + name + ") < " + between(1, 59);
                // Conditions on an expression of time, which chunk exclusion must not take for time itself.
                case 4 -> name + " + interval '" + between(1, 12) + " hours' " + pick("<", ">=") + " " + timestamp(instant());
                case 5 -> name + " AT TIME ZONE 'UTC' " + pick("<", ">=") + " " + DifferentialSchema.quoted(
                        RandomTimes.utcWallClock(instant()));
                case 6 -> name + " - interval '1 day' " + pick("<", ">") + " " + timestamp(instant());
                default -> name + pick(" IS NOT NULL", " IS NULL");
            };
        };
    }

    private String ordered(Column column) {
        String first = column.literal(random);
        String second = column.literal(random);
        boolean swap = Double.parseDouble(first.replace("'", "")) > Double.parseDouble(second.replace("'", ""));
        return swap ? second + " AND " + first : first + " AND " + second;
    }

    /** Conditions on the table's columns other than time, nested with AND, OR and NOT. */
    String filter(Hypertable table, String qualifier, int depth) {
        if (depth <= 0 || chance(0.4)) {
            return chance(0.35) ? spaceCondition(table, qualifier) : columnCondition(pick(table.columns()), qualifier);
        }
        String left = filter(table, qualifier, depth - 1);
        String right = filter(table, qualifier, depth - 1);
        return switch (between(0, 4)) {
            case 0, 1 -> left + " AND " + right;
            case 2, 3 -> "(" + left + " OR " + right + ")";
            default -> "NOT (" + left + " AND " + right + ")";
        };
    }

    /** The time range and, often, filters: what a WHERE clause holds, or an empty string. */
    String where(List<String> conditions) {
        List<String> present = conditions.stream().filter(condition -> !condition.isEmpty()).toList();
        return present.isEmpty() ? "" : " WHERE " + String.join(" AND ", present);
    }

    String maybeFilter(Hypertable table, String qualifier, double probability) {
        return chance(probability) ? filter(table, qualifier, between(0, 2)) : "";
    }

    // ----- expressions -----

    /** An expression over one column of the table. */
    String expression(Hypertable table, String qualifier) {
        Column column = pick(table.columns());
        return expression(column, qualifier);
    }

    /** Between one and {@code most} expressions over columns whose equal values are spelled alike, for DISTINCT. */
    List<String> distinctExpressions(Hypertable table, String qualifier, int most) {
        List<Column> columns = table.columns().stream().filter(Column::spelledAlike).toList();
        return IntStream.range(0, between(1, most)).mapToObj(i -> expression(pick(columns), qualifier)).toList();
    }

    String expression(Column column, String qualifier) {
        String name = qualifier + column.name();
        if (chance(0.4)) {
            return name;
        }
        return switch (column.type()) {
            case TEXT -> pick("upper(" + name + ")", "lower(" + name + ")", "length(" + name + ")", name + " || '!'",
                    "coalesce(" + name + ", '(none)')", "left(" + name + ", 3)", "initcap(" + name + ")", name + " LIKE 'o%'",
                    "md5(" + name + ")", "replace(" + name + ", 'o', '0')", "trim(" + name + ")", "concat(" + name + ", '/', 7)",
                    name + " = " + column.literal(random), "CASE WHEN " + name + " IS NULL THEN 'none' ELSE " + name + " END",
                    name + "::char(4)", name + " COLLATE \"POSIX\"", "md5(coalesce(" + name + ", ''))::uuid");
            case INTEGER -> pick(name + " + " + between(1, 99), name + " * 2", "-" + name, "abs(" + name + ")", name + " % 7",
                    name + " / 3", "coalesce(" + name + ", 0)", "greatest(" + name + ", " + column.literal(random) + ")",
                    "nullif(" + name + ", " + column.literal(random) + ")", name + "::text", name + "::numeric / 7", "sign(" + name + ")",
                    "CASE WHEN " + name + " > " + column.literal(random) + " THEN 'high' WHEN " + name + " IS NULL THEN 'none'"
                            + " ELSE 'low' END");
            case NUMERIC -> pick(name + " * 1.5", name + " / 3", "round(" + name + ", 1)", "trunc(" + name + ")", name + "::integer",
                    "abs(" + name + ")", name + " % 10", "ceil(" + name + ")", "coalesce(" + name + ", 0)", name + " + 0.005",
                    "least(" + name + ", " + column.literal(random) + ")", name + "::text");
            case FLOAT -> pick(name + " * 2", name + " + 0.5", "round(" + name + ")", "floor(" + name + ")", "abs(" + name + ")",
                    name + "::integer", name + "::numeric(12, 3)", "sqrt(abs(" + name + "))", name + " / 3", "coalesce(" + name + ", -1)",
                    "round(" + name + "::numeric, 2)", "-" + name, "CASE WHEN " + name + " > " + column.literal(random)
                    + " THEN 1 ELSE 0 END");
            case BOOLEAN -> pick("NOT " + name, name + " IS TRUE", "coalesce(" + name + ", false)", name + "::integer",
                    "CASE WHEN " + name + " THEN 'yes' WHEN NOT " + name + " THEN 'no' END", name + " IS DISTINCT FROM true");
            case TIME -> pick("date_trunc('hour', " + name + ")", "date_trunc('day', " + name + ")", "date_trunc('minute', " + name + ")",
                    "time_bucket('" + bucketWidth() + "', " + name + ")", name + "::date", "extract(hour FROM " + name + ")",
                    "extract(epoch FROM " + name + ")", name + " AT TIME ZONE 'UTC'", "to_char(" + name + ", 'YYYY-MM-DD HH24:MI:SS.MS')",
                    name + " + interval '1 hour'", name + " - timestamptz '2024-03-01 00:00+00'", "date_part('minute', " + name + ")",
                    "time_bucket('1 hour', " + name + ", interval '30 minutes')", name + "::timestamp", name + "::time");
        };
    }

    /** Between one and {@code most} expressions over the table's columns. */
    List<String> expressions(Hypertable table, String qualifier, int most) {
        return IntStream.range(0, between(1, most)).mapToObj(i -> expression(table, qualifier)).toList();
    }

    /** An expression worth grouping by: few distinct values, or the time cut into buckets. */
    String groupKey(Hypertable table, String qualifier) {
        String time = qualifier + "time";
        Column column = pick(table.measures());
        String name = qualifier + column.name();
        return switch (between(0, 9)) {
            case 0, 1, 2 -> qualifier + table.space().name();
            case 3 -> "time_bucket('" + pick("1 hour", "15 minutes", "1 day", "6 hours") + "', " + time + ")";
            case 4 -> "date_trunc('" + pick("hour", "day") + "', " + time + ")";
            case 5 -> pick(time + "::date", "extract(hour FROM " + time + ")", "time_bucket('1 day', " + time + ", interval '6 hours')");
            default -> switch (column.type()) {
                case TEXT, BOOLEAN -> name;
                case INTEGER -> name + " % " + between(2, 5);
                case NUMERIC -> "round(" + name + " / " + pick("10", "1000") + ")";
                case FLOAT -> "CASE WHEN " + name + " > " + column.literal(random) + " THEN 'above' WHEN " + name
                        + " IS NULL THEN 'unknown' ELSE 'below' END";
                case TIME -> time;
            };
        };
    }

    /** Between one and {@code most} different group keys. */
    List<String> groupKeys(Hypertable table, String qualifier, int most) {
        return IntStream.range(0, between(1, most)).mapToObj(i -> groupKey(table, qualifier)).distinct().toList();
    }

    /** An aggregate over one column of the table; its ORDER BY ends with time, unique in both hypertables. */
    Aggregate aggregate(Hypertable table, String qualifier) {
        Column column = pick(table.columns());
        String name = qualifier + column.name();
        String time = qualifier + "time";
        if (chance(0.15)) {
            return switch (between(0, 5)) {
                case 0, 1, 2 -> new Aggregate("count(*)", true);
                case 3 -> new Aggregate("count(*) FILTER (WHERE " + columnCondition(pick(table.measures()), qualifier) + ")", false);
                case 4 -> new Aggregate("CASE WHEN count(*) > " + between(1, 50) + " THEN 'many' ELSE 'few' END", true);
                default -> new Aggregate("sum(CASE WHEN " + columnCondition(pick(table.measures()), qualifier) + " THEN 1 ELSE 0 END)",
                        true);
            };
        }
        List<Aggregate> choices = new ArrayList<>(List.of(new Aggregate("count(" + name + ")", true),
                new Aggregate("count(DISTINCT " + name + ")", false)));
        switch (column.type()) {
            case FLOAT, NUMERIC, INTEGER -> {
                // Aggregates that return one of the values read return one spelling of it.
                String picked = column.spelledAlike() ? name : "round(" + name + ", 3)";
                for (String function : List.of("sum", "avg", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp")) {
                    choices.add(new Aggregate(function + "(" + name + ")", true));
                }
                choices.add(new Aggregate("min(" + picked + ")", true));
                choices.add(new Aggregate("max(" + picked + ")", true));
                choices.add(new Aggregate("sum(" + name + ")", true));
                choices.add(new Aggregate("max(" + picked + ") - min(" + picked + ")", true));
                choices.add(new Aggregate("avg(" + name + " * 2)", true));
                choices.add(new Aggregate("sum(" + name + ") / nullif(count(*), 0)", true));
                choices.add(new Aggregate("coalesce(max(" + picked + "), 0) + count(*)", true));
                choices.add(new Aggregate("bool_and(" + name + " > " + column.literal(random) + ")", true));
                if (column.type() != Type.FLOAT) {
                    // Rounding an exact average is exact; rounding a float one could fall either side of a digit.
                    choices.add(new Aggregate("round(avg(" + name + "), 2)", true));
                }
                String filter = columnCondition(pick(table.measures()), qualifier);
                choices.add(new Aggregate("sum(" + name + ") FILTER (WHERE " + filter + ")", false));
                choices.add(new Aggregate("percentile_cont(0.5) WITHIN GROUP (ORDER BY " + name + ")", false));
                choices.add(new Aggregate("percentile_disc(0." + between(1, 9) + ") WITHIN GROUP (ORDER BY " + picked + ")", false));
                choices.add(new Aggregate("avg(DISTINCT " + name + ")", false));
                choices.add(new Aggregate("array_agg(" + name + " ORDER BY " + time + ")", false));
            }
            case BOOLEAN -> {
                choices.add(new Aggregate("bool_and(" + name + ")", true));
                choices.add(new Aggregate("bool_or(" + name + ")", true));
                choices.add(new Aggregate("every(" + name + ")", true));
                choices.add(new Aggregate("count(*) FILTER (WHERE " + name + ")", false));
            }
            case TEXT -> {
                choices.add(new Aggregate("min(" + name + ")", true));
                choices.add(new Aggregate("max(" + name + ")", true));
                choices.add(new Aggregate("string_agg(" + name + ", ',' ORDER BY " + name + ", " + time + ")", false));
                choices.add(new Aggregate("string_agg(DISTINCT " + name + ", '|' ORDER BY " + name + ")", false));
                choices.add(new Aggregate("array_agg(" + name + " ORDER BY " + time + " DESC)", false));
                choices.add(new Aggregate("mode() WITHIN GROUP (ORDER BY " + name + ")", false));
                choices.add(new Aggregate("max(length(" + name + "))", true));
            }
            case TIME -> {
                choices.add(new Aggregate("min(" + name + ")", true));
                choices.add(new Aggregate("max(" + name + ")", true));
                choices.add(new Aggregate("count(DISTINCT date_trunc('hour', " + name + "))", false));
                choices.add(new Aggregate("max(" + name + ") - min(" + name + ")", true));
            }
        }
        return pick(choices);
    }

    List<Aggregate> aggregates(Hypertable table, String qualifier, int most) {
        return IntStream.range(0, between(1, most)).mapToObj(i -> aggregate(table, qualifier)).toList();
    }

    /** A HAVING condition: on an aggregate of the list or on count(*). */
    String having(Hypertable table, String qualifier) {
        return switch (between(0, 4)) {
            case 0, 1 -> "count(*) " + pick(">", ">=", "<") + " " + between(1, 40);
            case 2 -> "max(" + qualifier + "time) > " + timestamp(instant());
            case 3 -> {
                Column column = pick(table.measures().stream().filter(candidate -> candidate.type().isNumber()).toList());
                yield pick("avg", "min", "max", "sum") + "(" + qualifier + column.name() + ") " + pick(">", "<") + " "
                        + column.literal(random);
            }
            default -> {
                Column column = pick(table.measures());
                yield "count(" + qualifier + column.name() + ") " + pick(">", "=", "<") + " count(*) - " + between(0, 3);
            }
        };
    }

    // ----- order, from RandomOrders -----

    QueryText orderedByEveryColumn(String sql, int columns, double limitProbability) {
        return orders.orderedByEveryColumn(sql, columns, limitProbability);
    }

    QueryText orderedByEveryColumn(String sql, List<String> columns, double limitProbability) {
        return orders.orderedByEveryColumn(sql, columns, limitProbability);
    }

    String direction() {
        return orders.direction();
    }

    String limit() {
        return orders.limit();
    }
}
