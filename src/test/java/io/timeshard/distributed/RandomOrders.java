package io.timeshard.distributed;

import io.timeshard.distributed.RandomQueries.Order;
import io.timeshard.distributed.RandomQueries.QueryText;
import io.timeshard.distributed.RandomQueries.SortKey;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static java.util.Objects.requireNonNull;

/**
 * Random ORDER BY and LIMIT clauses. An ORDER BY over every output column states its keys, so that
 * the comparison can tell rows out of order from rows it leaves tied (see {@link RowOrder}).
 */
final class RandomOrders {
    /** A direction of ORDER BY, as written and as PostgreSQL reads it (ASC puts NULLs last, DESC first). */
    private record Direction(String sql, boolean descending, boolean nullsFirst) {}

    private static final List<Direction> DIRECTIONS = List.of(new Direction(" DESC", true, true), new Direction(" DESC", true, true),
            new Direction(" DESC NULLS LAST", true, false), new Direction(" NULLS FIRST", false, true), new Direction(" ASC", false, false),
            new Direction("", false, false), new Direction("", false, false), new Direction("", false, false));

    private final RandomChoices random;

    RandomOrders(RandomChoices random) {
        this.random = requireNonNull(random, "random is null");
    }

    /** The query ordered by each of its {@code columns} output columns, by position, and with the given probability limited. */
    QueryText orderedByEveryColumn(String sql, int columns, double limitProbability) {
        return orderedBy(sql, Collections.nCopies(columns, Optional.empty()), limitProbability);
    }

    /**
     * The query ordered by every output column, by position or by expression, and with the given
     * probability limited. A bare column name would be read as an output column's name, which
     * another column may share (time::date is called time), and an alias is no expression: those
     * go by position.
     */
    QueryText orderedByEveryColumn(String sql, List<String> columns, double limitProbability) {
        List<Optional<String>> expressions = columns.stream()
                .map(column -> Optional.of(column).filter(expression -> !expression.contains(" AS ") && !expression.matches("[a-z_]+")))
                .toList();
        return orderedBy(sql, expressions, limitProbability);
    }

    String direction() {
        return random.pick(DIRECTIONS).sql();
    }

    /** LIMIT, sometimes with OFFSET, in the spellings PostgreSQL takes. */
    String limit() {
        int count = random.between(0, 25);
        return switch (random.between(0, 9)) {
            case 0 -> " LIMIT " + count + " OFFSET " + random.between(1, 30);
            case 1 -> " OFFSET " + random.between(0, 10) + " ROWS FETCH FIRST " + count + " ROWS ONLY";
            case 2 -> " OFFSET " + random.between(1, 20);
            case 3 -> " LIMIT ALL";
            default -> " LIMIT " + count;
        };
    }

    /**
     * ORDER BY every output column, in a random sequence and direction: rows that it leaves tied
     * are equal in every column, so the order a client sees is decided (up to the spelling of equal
     * numeric values). Each column goes by its position or, when given, by its expression.
     */
    private QueryText orderedBy(String sql, List<Optional<String>> columns, double limitProbability) {
        List<Integer> positions = new ArrayList<>(IntStream.rangeClosed(1, columns.size()).boxed().toList());
        if (random.chance(0.5)) {
            random.shuffle(positions);
        }
        List<SortKey> keys = new ArrayList<>();
        List<String> items = new ArrayList<>();
        for (int position : positions) {
            Direction direction = random.pick(DIRECTIONS);
            keys.add(new SortKey(position, direction.descending(), direction.nullsFirst()));
            String item = columns.get(position - 1).filter(expression -> random.chance(0.5)).orElse(Integer.toString(position));
            items.add(item + direction.sql());
        }
        String limit = random.chance(limitProbability) ? limit() : "";
        return new QueryText(sql + " ORDER BY " + String.join(", ", items) + limit, Order.EVERY_COLUMN, keys);
    }
}
