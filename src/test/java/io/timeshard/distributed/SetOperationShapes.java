package io.timeshard.distributed;

import io.timeshard.distributed.RandomQueries.QueryText;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * UNION, INTERSECT and EXCEPT (with and without ALL) between hypertables and diff_places, each
 * branch a single column of one family of types, so that any two branches fit together.
 */
final class SetOperationShapes {
    private static final List<String> OPERATORS = List.of("UNION", "UNION ALL", "INTERSECT", "INTERSECT ALL", "EXCEPT", "EXCEPT ALL");

    private final RandomClauses random;

    SetOperationShapes(RandomClauses random) {
        this.random = requireNonNull(random, "random is null");
    }

    QueryText setOperation() {
        int family = random.between(0, 3);
        Supplier<String> branch = switch (family) {
            case 0 -> this::textBranch;
            case 1 -> this::integerBranch;
            case 2 -> this::bucketBranch;
            default -> this::pairBranch;
        };
        int columns = family == 3 ? 2 : 1;
        StringBuilder sql = new StringBuilder(branch.get());
        int branches = random.chance(0.25) ? 3 : 2;
        for (int i = 1; i < branches; i++) {
            String next = branch.get();
            sql.append(' ').append(random.pick(OPERATORS)).append(' ').append(random.chance(0.2) ? "(" + next + ")" : next);
        }
        return random.chance(0.5) ? random.orderedByEveryColumn(sql.toString(), columns, 0.4) : QueryText.unordered(sql.toString());
    }

    private String textBranch() {
        return switch (random.between(0, 6)) {
            case 0 -> "SELECT location FROM diff_text" + where("time", DifferentialSchema.TEXT_TABLE);
            case 6 -> "(SELECT location FROM diff_text" + where("time", DifferentialSchema.TEXT_TABLE) + " ORDER BY diff_text.time"
                    + random.direction() + " LIMIT " + random.between(1, 8) + ")";
            case 1 -> "SELECT note FROM diff_text" + where("time", DifferentialSchema.TEXT_TABLE);
            case 2 -> "SELECT status FROM diff_num" + where("time", DifferentialSchema.NUM_TABLE);
            case 3 -> "SELECT region FROM diff_places";
            case 4 -> "SELECT location FROM diff_places"
                    + (random.chance(0.5) ? " WHERE " + random.columnCondition(DifferentialSchema.REGION, "") : "");
            default -> "SELECT lower(location) FROM diff_text" + where("time", DifferentialSchema.TEXT_TABLE);
        };
    }

    private String integerBranch() {
        return switch (random.between(0, 4)) {
            case 0 -> "SELECT device FROM diff_num" + where("time", DifferentialSchema.NUM_TABLE);
            case 1 -> "SELECT abs(reading) % 20 FROM diff_text" + where("time", DifferentialSchema.TEXT_TABLE);
            case 2 -> "SELECT length(location) FROM diff_places";
            case 3 -> "SELECT extract(hour FROM time)::integer FROM diff_num" + where("time", DifferentialSchema.NUM_TABLE);
            default -> "SELECT reading FROM diff_text" + where("time", DifferentialSchema.TEXT_TABLE) + " AND reading BETWEEN 0 AND 16";
        };
    }

    private String bucketBranch() {
        String width = random.pick("5 minutes", "10 minutes", "1 hour");
        return random.chance(0.5)
                ? "SELECT time_bucket('" + width + "', time) FROM diff_text" + where("time", DifferentialSchema.TEXT_TABLE)
                : "SELECT date_trunc('hour', time) FROM diff_num" + where("time", DifferentialSchema.NUM_TABLE);
    }

    /** Two columns: a location and a count, from a grouped hypertable or from diff_places. */
    private String pairBranch() {
        return random.chance(0.6)
                ? "SELECT location, count(*) FROM diff_text" + where("time", DifferentialSchema.TEXT_TABLE) + " GROUP BY location"
                : "SELECT location, " + random.between(0, 3) + "::bigint FROM diff_places";
    }

    private String where(String time, DifferentialSchema.Hypertable table) {
        List<String> conditions = new ArrayList<>(List.of(random.narrowTimeRange(time, RandomTimes.NARROW_MINUTES)));
        conditions.add(random.maybeFilter(table, "", 0.4));
        return random.where(conditions);
    }
}
