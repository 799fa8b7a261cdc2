package io.timeshard.distributed;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * The tables of {@link DifferentialData} as the random query generator sees them: each column with
 * its type and a source of literals that fall among its values, with a few just outside them.
 */
final class DifferentialSchema {
    /** Where the rows of both hypertables begin and end. */
    static final Instant DATA_START = Instant.parse("2024-03-01T00:00:00Z");
    static final Instant DATA_END = Instant.parse("2024-03-09T00:00:00Z");

    /** The column types the generator tells apart: what it may compute with a column. */
    enum Type {
        TIME, TEXT, FLOAT, NUMERIC, INTEGER, BOOLEAN;

        boolean isNumber() {
            return this == FLOAT || this == NUMERIC || this == INTEGER;
        }
    }

    /**
     * A column. {@code spelledAlike} is false for numeric values of one value but several scales
     * (price holds 7 and 7.000): where PostgreSQL picks one of equal values (min, max, DISTINCT), the
     * spelling it returns depends on the order it read the rows in.
     */
    record Column(String name, Type type, Function<Random, String> literals, boolean spelledAlike) {
        Column {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
            requireNonNull(literals, "literals is null");
        }

        Column(String name, Type type, Function<Random, String> literals) {
            this(name, type, literals, true);
        }

        /** A literal of this column's type, as SQL text. */
        String literal(Random random) {
            return literals.apply(random);
        }
    }

    /** A hypertable: its time column, its space column and the columns measured. */
    record Hypertable(String name, String alias, Column space, List<Column> measures) {
        Hypertable {
            requireNonNull(name, "name is null");
            requireNonNull(alias, "alias is null");
            requireNonNull(space, "space is null");
            measures = List.copyOf(measures);
        }

        /** The columns in table order: time, space, then the measures. */
        List<Column> columns() {
            return Stream.concat(Stream.of(TIME, space), measures.stream()).toList();
        }

        List<Column> columnsOf(Type type) {
            return columns().stream().filter(column -> column.type() == type).toList();
        }
    }

    static final List<String> LOCATIONS = List.of("Berlin", "paris", "Tokyo", "new york", "São Paulo", "oslo", "Lima", "cairo",
            "Zürich", "austin", "Denver", "lagos");
    /** Locations without rows, among them places of diff_places and spellings that differ only in case. */
    static final List<String> ABSENT_LOCATIONS = List.of("Perth", "Quito", "Paris", "nowhere", "zürich");
    static final List<String> REGIONS = List.of("Europe", "Asia", "Americas", "Africa", "Oceania");
    static final List<String> NOTES = List.of("ok", "warn", "Error", "ok ", "OK", "maintenance", "it's fine", "");
    static final List<String> STATUSES = List.of("idle", "running", "stopped", "error");

    static final Column TIME = new Column("time", Type.TIME, random -> {
        throw new UnsupportedOperationException("time literals come from RandomClauses");
    });
    static final Column LOCATION = new Column("location", Type.TEXT, random -> quoted(random.nextInt(8) == 0
            ? pick(random, ABSENT_LOCATIONS) : pick(random, LOCATIONS)));
    static final Column DEVICE = new Column("device", Type.INTEGER, random -> switch (random.nextInt(12)) {
        case 0 -> pick(random, List.of("0", "17", "100", "-1"));
        case 1 -> "'" + (1 + random.nextInt(16)) + "'";
        default -> Integer.toString(1 + random.nextInt(16));
    });

    static final Hypertable TEXT_TABLE = new Hypertable("diff_text", "t", LOCATION, List.of(
            new Column("temperature", Type.FLOAT, random -> decimal(8 + 28 * random.nextDouble(), 1)),
            new Column("humidity", Type.NUMERIC, random -> decimal(20 + 70 * random.nextDouble(), random.nextInt(3))),
            new Column("reading", Type.INTEGER, random -> Integer.toString(random.nextInt(2001) - 1000)),
            new Column("flag", Type.BOOLEAN, DifferentialSchema::booleanLiteral),
            new Column("note", Type.TEXT, random -> quoted(random.nextInt(10) == 0 ? "fine" : pick(random, NOTES)))));
    static final Hypertable NUM_TABLE = new Hypertable("diff_num", "n", DEVICE, List.of(
            new Column("value", Type.FLOAT, random -> decimal(10 + 80 * random.nextDouble(), 3)),
            new Column("ratio", Type.FLOAT, random -> decimal(random.nextInt(64) / 8.0, 3)),
            new Column("level", Type.INTEGER, random -> Long.toString(1_000_000_000_000_000L + random.nextLong(7_777_800_000_000_000L))),
            new Column("price", Type.NUMERIC, random -> decimal(14_286 * random.nextDouble(), random.nextInt(4)), false),
            new Column("status", Type.TEXT, random -> quoted(random.nextInt(8) == 0 ? "paused" : pick(random, STATUSES))),
            new Column("ok", Type.BOOLEAN, DifferentialSchema::booleanLiteral)));
    static final List<Hypertable> HYPERTABLES = List.of(TEXT_TABLE, NUM_TABLE);

    /** diff_places, the small local table: its location is the primary key, region has no NULLs. */
    static final String PLACES = "diff_places";
    static final Column REGION = new Column("region", Type.TEXT, random -> quoted(random.nextInt(8) == 0 ? "Antarctica"
            : pick(random, REGIONS)));

    private DifferentialSchema() {}

    /** A string literal: the one place that escapes quotes. */
    static String quoted(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    static <T> T pick(Random random, List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static String decimal(double value, int scale) {
        return String.format(Locale.ROOT, "%." + scale + "f", value);
    }

    private static String booleanLiteral(Random random) {
        return random.nextBoolean() ? "true" : "false";
    }
}
