package io.timeshard.cluster;

import io.timeshard.catalog.Chunk;
import io.timeshard.catalog.Hypertable;
import io.timeshard.partition.SpaceHash;
import io.timeshard.partition.SpaceType;
import io.timeshard.partition.TimeType;
import io.timeshard.sql.DimensionPredicate;
import io.timeshard.sql.DimensionPredicate.Constant;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Rules out the chunks that cannot hold a row satisfying the WHERE clause's conditions on the
 * dimension columns: time comparisons against the chunks' time ranges, space equality against
 * their hash ranges. A condition whose constant cannot be read rules nothing out.
 */
public final class ChunkExclusion {
    private final Hypertable hypertable;
    private final Function<Constant, Optional<String>> constantText;
    private final Function<String, OptionalLong> timeValue;

    /**
     * {@code constantText} gives a constant's text (a literal's, or a parameter's value);
     * {@code timeValue} reads a time text as PostgreSQL would, in internal units (empty when it cannot).
     */
    public ChunkExclusion(Hypertable hypertable, Function<Constant, Optional<String>> constantText,
                          Function<String, OptionalLong> timeValue) {
        this.hypertable = hypertable;
        this.constantText = constantText;
        this.timeValue = timeValue;
    }

    public List<Chunk> matching(List<Chunk> chunks, List<DimensionPredicate> predicates) {
        // Each constant is read once, then compared with every chunk (there may be 10,000).
        Predicate<Chunk> test = predicates.stream().map(this::test).reduce(Predicate::and).orElse(chunk -> true);
        List<Chunk> kept = new ArrayList<>();
        for (Chunk chunk : chunks) {
            if (test.test(chunk)) {
                kept.add(chunk);
            }
        }
        return kept;
    }

    /** The chunks that may hold a row satisfying the predicate; all when one of its constants cannot be read. */
    private Predicate<Chunk> test(DimensionPredicate predicate) {
        if (predicate.column().equals(hypertable.time().column())) {
            List<OptionalLong> values = predicate.values().stream().map(constant -> constantText.apply(asTimeColumnReadsIt(constant))
                    .map(timeValue).orElse(OptionalLong.empty())).toList();
            if (values.stream().anyMatch(OptionalLong::isEmpty)) {
                return chunk -> true;
            }
            long[] times = values.stream().mapToLong(OptionalLong::getAsLong).toArray();
            String operator = predicate.operator();
            return chunk -> {
                for (long time : times) {
                    if (timeMayMatch(chunk, operator, time)) {
                        return true;
                    }
                }
                return false;
            };
        }
        Optional<SpaceType> space = hypertable.space().filter(dimension -> dimension.column().equals(predicate.column()))
                .flatMap(dimension -> SpaceType.fromTypeName(dimension.type()));
        if (space.isEmpty() || !predicate.operator().equals("=")) {
            return chunk -> true;
        }
        List<Optional<Integer>> hashes = predicate.values().stream()
                .map(constant -> constantText.apply(constant).flatMap(text -> hash(space.get(), text))).toList();
        if (hashes.stream().anyMatch(Optional::isEmpty)) {
            return chunk -> true;
        }
        int[] values = hashes.stream().mapToInt(Optional::get).toArray();
        return chunk -> {
            for (int hash : values) {
                if (chunk.hashStart() <= hash && hash < chunk.hashEnd()) {
                    return true;
                }
            }
            return false;
        };
    }

    private static boolean timeMayMatch(Chunk chunk, String operator, long value) {
        return switch (operator) {
            case "=" -> chunk.rangeStart() <= value && value < chunk.rangeEnd();
            case "<" -> chunk.rangeStart() < value;
            case "<=" -> chunk.rangeStart() <= value;
            case ">", ">=" -> chunk.rangeEnd() > value;
            default -> true;
        };
    }

    /**
     * A literal cast to another type than the time column's means what PostgreSQL makes of it in
     * that type ('... +01'::timestamp drops the offset, then reads the wall clock in the session's
     * zone): it is evaluated as an expression. A cast to the column's own type changes nothing.
     */
    private Constant asTimeColumnReadsIt(Constant constant) {
        boolean simple = constant.literal().isPresent() || constant.parameter().isPresent();
        if (!simple || constant.expression().isEmpty()) {
            return constant;
        }
        String expression = constant.expression().get();
        String castType = expression.substring(expression.lastIndexOf("::") + 2).strip().toLowerCase(Locale.ROOT);
        Optional<TimeType> column = TimeType.fromTypeName(hypertable.time().type());
        return column.isPresent() && column.equals(TimeType.fromTypeName(castType)) ? constant
                : new Constant(Optional.empty(), Optional.empty(), constant.expression());
    }

    private static Optional<Integer> hash(SpaceType type, String text) {
        try {
            return Optional.of(SpaceHash.ofText(type, text));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
