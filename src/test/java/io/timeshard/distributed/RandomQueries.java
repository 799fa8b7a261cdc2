package io.timeshard.distributed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static java.util.Objects.requireNonNull;

/**
 * Seeded random SELECT queries over the tables of {@link DifferentialData}, for comparing timeshard
 * with one plain PostgreSQL. Query n comes from a random source of its own, seeded by the run's
 * seed and n, so it is the same whatever the count; the shapes are drawn by weight.
 */
final class RandomQueries {
    /** What decides the order of a query's rows, and so how its rows are compared. */
    enum Order {
        /** No ORDER BY: the rows are compared as multisets. */
        NONE,
        /** An ORDER BY that ends with a unique key: the sequence is decided. */
        UNIQUE_KEY,
        /**
         * ORDER BY every output column: rows it leaves tied are equal in value, though numeric
         * values may be spelled differently (7 and 7.000) and come in either order.
         */
        EVERY_COLUMN
    }

    /** One item of an ORDER BY over every column: the column's position (from 1) and its direction. */
    record SortKey(int column, boolean descending, boolean nullsFirst) {}

    /** A query, what decides the order of its rows and, ordered by every column, how. */
    record QueryText(String sql, Order order, List<SortKey> sortKeys) {
        QueryText {
            requireNonNull(sql, "sql is null");
            requireNonNull(order, "order is null");
            sortKeys = List.copyOf(sortKeys);
        }

        QueryText(String sql, Order order) {
            this(sql, order, List.of());
        }

        static QueryText unordered(String sql) {
            return new QueryText(sql, Order.NONE);
        }
    }

    /** One generated query: its number in the run, the shape it has, its text and what decides the order of its rows. */
    record RandomQuery(int number, Shape shape, String sql, Order order, List<SortKey> sortKeys) {
        RandomQuery {
            requireNonNull(shape, "shape is null");
            requireNonNull(sql, "sql is null");
            requireNonNull(order, "order is null");
            sortKeys = List.copyOf(sortKeys);
        }

        /** Whether the rows must come in the same order on both sides. */
        boolean ordered() {
            return order != Order.NONE;
        }
    }

    /** The kinds of queries, with how often each is drawn. */
    enum Shape {
        SCAN(14), AGGREGATE(8), GROUPED(15), DISTINCT(5), DISTINCT_ON(4), DERIVED_TABLE(4), PLACES_JOIN(8), HYPERTABLE_JOIN(6),
        LATERAL(5), SUBQUERY(10), COMMON_TABLE_EXPRESSION(5), WINDOW(7), SET_OPERATION(6), INVALID(3);

        private final int weight;

        Shape(int weight) {
            this.weight = weight;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    private static final int TOTAL_WEIGHT = Arrays.stream(Shape.values()).mapToInt(shape -> shape.weight).sum();

    private RandomQueries() {}

    static List<RandomQuery> generate(long seed, int count) {
        List<RandomQuery> queries = new ArrayList<>(count);
        for (int number = 1; number <= count; number++) {
            queries.add(query(seed, number));
        }
        return List.copyOf(queries);
    }

    private static RandomQuery query(long seed, int number) {
        Random random = new Random(seed * 1_000_003L + number);
        RandomClauses clauses = new RandomClauses(random);
        Shape shape = draw(random);
        QueryText query = switch (shape) {
            case SCAN -> new SingleTableShapes(clauses).scan();
            case AGGREGATE -> new SingleTableShapes(clauses).aggregate();
            case GROUPED -> new SingleTableShapes(clauses).grouped();
            case DISTINCT -> new SingleTableShapes(clauses).distinct();
            case DISTINCT_ON -> new SingleTableShapes(clauses).distinctOn();
            case DERIVED_TABLE -> new SingleTableShapes(clauses).derivedTable();
            case PLACES_JOIN -> new JoinShapes(clauses).placesJoin();
            case HYPERTABLE_JOIN -> new JoinShapes(clauses).hypertableJoin();
            case LATERAL -> new JoinShapes(clauses).lateral();
            case SUBQUERY -> new NestedShapes(clauses).subquery();
            case COMMON_TABLE_EXPRESSION -> new NestedShapes(clauses).commonTableExpression();
            case WINDOW -> new NestedShapes(clauses).window();
            case SET_OPERATION -> new SetOperationShapes(clauses).setOperation();
            case INVALID -> new InvalidQueries(clauses).invalid();
        };
        return new RandomQuery(number, shape, decorated(random, query.sql()), query.order(), query.sortKeys());
    }

    /** Now and then a comment before the query or after SELECT, or a final semicolon: clients send them. */
    private static String decorated(Random random, String sql) {
        return switch (random.nextInt(40)) {
            case 0 -> "/* random query */ " + sql;
            case 1 -> "-- random query\n" + sql;
            case 2 -> sql.startsWith("SELECT ") ? "SELECT /* columns */ " + sql.substring("SELECT ".length()) : sql;
            case 3 -> sql + ";";
            default -> sql;
        };
    }

    private static Shape draw(Random random) {
        int ticket = random.nextInt(TOTAL_WEIGHT);
        for (Shape shape : Shape.values()) {
            ticket -= shape.weight;
            if (ticket < 0) {
                return shape;
            }
        }
        throw new IllegalStateException("the weights add up to " + TOTAL_WEIGHT);
    }
}
