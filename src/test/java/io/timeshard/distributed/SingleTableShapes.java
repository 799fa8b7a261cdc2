package io.timeshard.distributed;

import io.timeshard.distributed.DifferentialSchema.Hypertable;
import io.timeshard.distributed.RandomClauses.Aggregate;
import io.timeshard.distributed.RandomQueries.Order;
import io.timeshard.distributed.RandomQueries.QueryText;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static java.util.Objects.requireNonNull;

/**
 * Queries on one hypertable, most of which timeshard pushes down: scans, aggregates with and without
 * GROUP BY, DISTINCT, DISTINCT ON, and a derived table over one. Queries whose work timeshard can
 * combine from partial results may read the whole table; the others read a few hours at most.
 */
final class SingleTableShapes {
    private static final int GROUPED_FALLBACK_MINUTES = 12 * 60;

    /** How the query names the hypertable: its FROM item, the qualifier of its columns, and the one for an unambiguous time. */
    private record Reference(String from, String qualifier, String orderQualifier) {
        /** The time column as conditions name it. */
        String time() {
            return qualifier + "time";
        }

        /** The time column as ORDER BY names it: qualified, so that no output column called time (time::date is) can stand for it. */
        String orderTime() {
            return orderQualifier + "time";
        }
    }

    private final RandomClauses random;

    SingleTableShapes(RandomClauses random) {
        this.random = requireNonNull(random, "random is null");
    }

    QueryText scan() {
        Hypertable table = random.pick(DifferentialSchema.HYPERTABLES);
        Reference reference = reference(table);
        boolean star = random.chance(0.1);
        List<String> columns = star ? List.of("*") : random.expressions(table, reference.qualifier(), 4);
        if (!star && random.chance(0.04)) {
            // A whole row and a row constructor: a data node would give them its chunk's row type.
            String qualifier = reference.qualifier();
            String row = qualifier.isEmpty() ? table.name() : qualifier.substring(0, qualifier.length() - 1);
            columns = append(columns, random.pick(row, "row(" + qualifier + table.space().name() + ", " + qualifier + "time)"));
        }
        int outputs = star ? table.columns().size() : columns.size();
        if (!star && table == DifferentialSchema.TEXT_TABLE && random.chance(0.05)) {
            columns = append(columns, "diff_double(" + reference.qualifier() + "reading)");
            outputs++;
        }
        // A user-defined function makes the query run at home over every row it reads: not over the whole table.
        boolean limited = random.chance(0.35) && columns.stream().noneMatch(column -> column.startsWith("diff_double"));
        String range = limited ? random.wideTimeRange(reference.time()) : random.narrowTimeRange(reference.time(), 90);
        String body = "SELECT " + String.join(", ", columns) + " FROM " + reference.from()
                + random.where(List.of(range, random.maybeFilter(table, reference.qualifier(), 0.6)));
        if (limited && random.chance(0.1)) {
            // WITH TIES returns every row tied with the last: a decided set, in an order decided only between groups of ties.
            return QueryText.unordered(body + " ORDER BY " + random.groupKey(table, reference.orderQualifier()) + random.direction()
                    + " FETCH FIRST " + random.between(1, 30) + " ROWS WITH TIES");
        }
        if (!limited && random.chance(0.5)) {
            return QueryText.unordered(body);
        }
        if (random.chance(0.5)) {
            double limit = limited ? 1 : 0;
            return star ? random.orderedByEveryColumn(body, outputs, limit) : random.orderedByEveryColumn(body, columns, limit);
        }
        // An expression or none, then time, unique in both hypertables.
        String first = random.chance(0.5) ? random.expression(table, reference.orderQualifier()) + random.direction() + ", " : "";
        return new QueryText(body + " ORDER BY " + first + reference.orderTime() + random.direction() + (limited ? random.limit() : ""),
                Order.UNIQUE_KEY);
    }

    QueryText aggregate() {
        Hypertable table = random.pick(DifferentialSchema.HYPERTABLES);
        Reference reference = reference(table);
        List<Aggregate> aggregates = random.aggregates(table, reference.qualifier(), 4);
        String sql = "SELECT " + aggregates.stream().map(Aggregate::sql).collect(Collectors.joining(", ")) + " FROM " + reference.from()
                + random.where(List.of(range(aggregates, reference), random.maybeFilter(table, reference.qualifier(), 0.5)))
                + (random.chance(0.1) ? " HAVING " + random.having(table, reference.qualifier()) : "");
        return QueryText.unordered(sql);
    }

    private String range(List<Aggregate> aggregates, Reference reference) {
        return aggregates.stream().allMatch(Aggregate::combinable) ? random.wideTimeRange(reference.time())
                : random.narrowTimeRange(reference.time(), GROUPED_FALLBACK_MINUTES);
    }

    QueryText grouped() {
        Hypertable table = random.pick(DifferentialSchema.HYPERTABLES);
        Reference reference = reference(table);
        String qualifier = reference.qualifier();
        List<String> keys = random.groupKeys(table, qualifier, 3);
        List<Aggregate> aggregates = random.aggregates(table, qualifier, 3);
        List<String> select = new ArrayList<>(random.chance(0.1) ? List.of() : keys);
        aggregates.forEach(aggregate -> select.add(aggregate.sql()));
        boolean shuffled = random.chance(0.2);
        if (shuffled) {
            random.shuffle(select);
        }
        String groupBy;
        boolean groupingSets = random.chance(0.12);
        if (groupingSets) {
            groupBy = switch (random.between(0, 4)) {
                case 0 -> "ROLLUP (" + String.join(", ", keys) + ")";
                case 1 -> "CUBE (" + String.join(", ", keys) + ")";
                case 2 -> "DISTINCT ROLLUP (" + String.join(", ", keys) + "), ROLLUP (" + keys.get(0) + ")";
                case 3 -> select.containsAll(keys) ? "ALL " + String.join(", ", keys) : "()";
                default -> "GROUPING SETS ((" + String.join(", ", keys) + "), (" + keys.get(0) + "), ())";
            };
        } else if (random.chance(0.4) && select.containsAll(keys)) {
            groupBy = keys.stream().map(key -> Integer.toString(select.indexOf(key) + 1)).collect(Collectors.joining(", "));
        } else {
            groupBy = String.join(", ", keys);
        }
        String sql = "SELECT " + String.join(", ", select) + " FROM " + reference.from()
                + random.where(List.of(groupingSets ? random.narrowTimeRange(reference.time(), GROUPED_FALLBACK_MINUTES)
                : range(aggregates, reference), random.maybeFilter(table, qualifier, 0.4)))
                + " GROUP BY " + groupBy + (random.chance(0.3) ? " HAVING " + random.having(table, qualifier) : "");
        if (!groupingSets && random.chance(0.05)) {
            return QueryText.unordered(sql + " ORDER BY count(*)" + random.direction() + " FETCH FIRST " + random.between(1, 5)
                    + " ROWS WITH TIES");
        }
        if (!groupingSets && select.containsAll(keys) && random.chance(0.15)) {
            // Ordered by an exact aggregate the query does not return, then by the keys, unique in the result.
            String integer = random.pick(table.measures().stream()
                    .filter(column -> column.type() == DifferentialSchema.Type.INTEGER)
                    .toList()).name();
            String hidden = random.pick("count(*)", "max(" + qualifier + "time)", "min(" + qualifier + "time)",
                    "count(" + qualifier + random.pick(table.measures()).name() + ")", "sum(" + qualifier + integer + ")");
            return new QueryText(sql + " ORDER BY " + hidden + random.direction() + ", "
                    + String.join(", ", keys) + random.limit(), Order.UNIQUE_KEY);
        }
        return random.chance(0.5) ? random.orderedByEveryColumn(sql, select, 0.5) : QueryText.unordered(sql);
    }

    QueryText distinct() {
        Hypertable table = random.pick(DifferentialSchema.HYPERTABLES);
        Reference reference = reference(table);
        List<String> columns = random.chance(0.7) ? random.groupKeys(table, reference.qualifier(), 3)
                : random.distinctExpressions(table, reference.qualifier(), 2);
        String range = random.chance(0.5) ? random.wideTimeRange(reference.time()) : random.narrowTimeRange(reference.time(), 6 * 60);
        String sql = "SELECT DISTINCT " + String.join(", ", columns) + " FROM " + reference.from()
                + random.where(List.of(range, random.maybeFilter(table, reference.qualifier(), 0.4)));
        return random.chance(0.5) ? random.orderedByEveryColumn(sql, columns, 0.5) : QueryText.unordered(sql);
    }

    /** DISTINCT ON a key, ordered by the key and then by time, so that the row kept for each key is decided. */
    QueryText distinctOn() {
        Hypertable table = random.pick(DifferentialSchema.HYPERTABLES);
        Reference reference = reference(table);
        // Qualified: a bare name in DISTINCT ON and ORDER BY would be read as an output column's, which two columns may share.
        String key = random.groupKey(table, reference.orderQualifier());
        List<String> columns = random.expressions(table, reference.qualifier(), 3);
        String middle = random.chance(0.4) ? random.expression(table, reference.orderQualifier()) + random.direction() + ", " : "";
        String sql = "SELECT DISTINCT ON (" + key + ") " + key + ", " + String.join(", ", columns) + " FROM " + reference.from()
                + random.where(List.of(random.narrowTimeRange(reference.time(), 6 * 60),
                        random.maybeFilter(table, reference.qualifier(), 0.4)))
                + " ORDER BY " + key + random.direction() + ", " + middle + reference.orderTime() + random.direction()
                + (random.chance(0.3) ? random.limit() : "");
        return new QueryText(sql, Order.UNIQUE_KEY);
    }

    /** A derived table over one hypertable: a grouped one filtered outside, or the last rows counted. */
    QueryText derivedTable() {
        Hypertable table = random.pick(DifferentialSchema.HYPERTABLES);
        String qualifier = table.alias() + ".";
        String from = table.name() + " " + table.alias();
        if (random.chance(0.5)) {
            String key = random.groupKey(table, qualifier);
            Aggregate aggregate = random.aggregate(table, qualifier);
            String sql = "SELECT s.k, s.m FROM (SELECT " + key + " AS k, " + aggregate.sql() + " AS m FROM " + from
                    + random.where(List.of(random.narrowTimeRange(qualifier + "time", GROUPED_FALLBACK_MINUTES)))
                    + " GROUP BY 1) s WHERE " + random.pick("s.m IS NOT NULL", "s.k IS NOT NULL", "s.m IS NULL", "true",
                    "s.k::text > 'c'");
            return random.chance(0.5) ? random.orderedByEveryColumn(sql, 2, 0) : QueryText.unordered(sql);
        }
        String inner = "SELECT " + String.join(", ", IntStream.range(0, random.between(1, 3))
                .mapToObj(i -> random.expression(table, qualifier) + " AS x" + i).toList()) + " FROM " + from
                + random.where(List.of(random.wideTimeRange(qualifier + "time"), random.maybeFilter(table, qualifier, 0.5)))
                + " ORDER BY " + qualifier + "time" + random.direction() + " LIMIT " + random.between(1, 60);
        return QueryText.unordered("SELECT count(*), count(s.x0), max(s.x0::text), min(s.x0::text) FROM (" + inner + ") s");
    }

    private Reference reference(Hypertable table) {
        return switch (random.between(0, 5)) {
            case 0, 1 -> new Reference(table.name(), "", table.name() + ".");
            case 2 -> new Reference(table.name(), table.name() + ".", table.name() + ".");
            case 3 -> new Reference("public." + table.name(), "", table.name() + ".");
            case 4 -> new Reference(table.name() + " AS " + table.alias(), table.alias() + ".", table.alias() + ".");
            default -> new Reference(table.name() + " " + table.alias(), table.alias() + ".", table.alias() + ".");
        };
    }

    private static List<String> append(List<String> list, String element) {
        List<String> longer = new ArrayList<>(list);
        longer.add(element);
        return List.copyOf(longer);
    }
}
