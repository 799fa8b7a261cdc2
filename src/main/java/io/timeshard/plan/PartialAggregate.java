package io.timeshard.plan;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * An aggregate split in two: the states each data node computes over its rows, and the expression
 * that combines the nodes' states into the result PostgreSQL would give over all rows, of the same
 * type. {@code combine} refers to the states as {0}, {1} ...
 */
public record PartialAggregate(List<String> states, String combine) {
    public static final Set<String> COMBINABLE = Set.of("count", "sum", "min", "max", "avg", "stddev", "stddev_samp", "stddev_pop",
            "variance", "var_samp", "var_pop", "bool_and", "bool_or", "every");
    private static final int BOOL = 16;
    private static final int INT8 = 20;
    private static final int INT2 = 21;
    private static final int INT4 = 23;
    private static final int FLOAT4 = 700;
    private static final int FLOAT8 = 701;
    private static final int MONEY = 790;
    private static final int INTERVAL = 1186;
    private static final int NUMERIC = 1700;
    private static final Set<Integer> EXACT = Set.of(INT2, INT4, INT8, NUMERIC);
    private static final Set<Integer> FLOATS = Set.of(FLOAT4, FLOAT8);

    public PartialAggregate {
        states = List.copyOf(states);
        requireNonNull(combine, "combine is null");
    }

    /**
     * The split of {@code name(argument)} for an argument of type {@code argumentType} ({@code
     * argument} is "*" for count(*)); empty when it cannot be combined exactly.
     */
    public static Optional<PartialAggregate> of(String name, String argument, int argumentType) {
        String x = "(" + argument + ")";
        return Optional.ofNullable(switch (name) {
            case "count" -> new PartialAggregate(List.of("count(" + argument + ")"), "coalesce(sum({0}), 0)::bigint");
            case "sum" -> sum(x, argumentType);
            case "min", "max" -> new PartialAggregate(List.of(name + x), name + "({0})");
            case "avg" -> average(x, argumentType);
            case "bool_and", "every" -> argumentType == BOOL ? new PartialAggregate(List.of("bool_and" + x), "bool_and({0})") : null;
            case "bool_or" -> argumentType == BOOL ? new PartialAggregate(List.of("bool_or" + x), "bool_or({0})") : null;
            case "stddev", "stddev_samp" -> spread(x, argumentType, true, true);
            case "stddev_pop" -> spread(x, argumentType, false, true);
            case "variance", "var_samp" -> spread(x, argumentType, true, false);
            case "var_pop" -> spread(x, argumentType, false, false);
            default -> null;
        });
    }

    private static PartialAggregate sum(String x, int type) {
        if (type == INT2 || type == INT4) {
            return new PartialAggregate(List.of("sum" + x), "sum({0})::bigint"); // the nodes' bigint sums would add up to numeric
        }
        if (Set.of(INT8, NUMERIC, FLOAT4, FLOAT8, MONEY, INTERVAL).contains(type)) {
            return new PartialAggregate(List.of("sum" + x), "sum({0})");
        }
        return null;
    }

    /** avg: exact sums of integers and numerics, float8 sums of floats, as PostgreSQL accumulates them. */
    private static PartialAggregate average(String x, int type) {
        if (EXACT.contains(type)) {
            return new PartialAggregate(List.of("sum" + x, "count" + x), "(sum({0})::numeric / nullif(sum({1}), 0))");
        }
        if (FLOATS.contains(type)) {
            return new PartialAggregate(List.of("sum(" + x + "::float8)", "count" + x), "(sum({0}) / nullif(sum({1}), 0)::float8)");
        }
        return null;
    }

    private static PartialAggregate spread(String x, int type, boolean sample, boolean root) {
        if (FLOATS.contains(type)) {
            String state = "ARRAY[count" + x + "::float8, coalesce(sum(" + x + "::float8), 0), coalesce(var_pop(" + x
                    + "::float8) * count" + x + ", 0)]";
            String finish = "float8_" + (root ? "stddev" : "var") + (sample ? "_samp" : "_pop");
            return new PartialAggregate(List.of(state), finish + "(_timeshard_catalog.float8_combine_states({0}))");
        }
        if (EXACT.contains(type)) {
            return new PartialAggregate(List.of("count" + x, "sum(" + x + "::numeric)", "sum(" + x + "::numeric * " + x + "::numeric)"),
                    "_timeshard_catalog.numeric_variance(sum({0})::numeric, sum({1}), sum({2}), " + sample + ", " + root + ")");
        }
        return null;
    }
}
