package io.timeshard.cluster;

import io.timeshard.catalog.Chunk;
import io.timeshard.catalog.Hypertable;
import io.timeshard.partition.SpaceHash;
import io.timeshard.partition.SpaceType;
import io.timeshard.partition.TimeType;
import io.timeshard.sql.DimensionPredicate;
import io.timeshard.sql.DimensionPredicate.Constant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Rules out the chunks that cannot hold a row satisfying the WHERE clause's conditions on the
 * dimension columns: time comparisons against the chunks' time ranges, space equality against
 * their hash ranges. A condition whose constant cannot be read rules nothing out.
 */
public final class ChunkExclusion {
    private final Hypertable hypertable;
    private final Function<Constant, Optional<String>> constantText;
    private final Function<String, OptionalLong> timeValue;
    /** Each constant read once, however many chunks it is compared with. */
    private final Map<Constant, OptionalLong> times = new HashMap<>();
    private final Map<Constant, Optional<Integer>> hashes = new HashMap<>();

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
        List<Chunk> kept = new ArrayList<>();
        for (Chunk chunk : chunks) {
            if (predicates.stream().allMatch(predicate -> mayMatch(chunk, predicate))) {
                kept.add(chunk);
            }
        }
        return kept;
    }

    private boolean mayMatch(Chunk chunk, DimensionPredicate predicate) {
        if (predicate.column().equals(hypertable.time().column())) {
            return predicate.values().stream().anyMatch(value -> timeMayMatch(chunk, predicate.operator(), value));
        }
        Optional<SpaceType> space = hypertable.space().filter(dimension -> dimension.column().equals(predicate.column()))
                .flatMap(dimension -> SpaceType.fromTypeName(dimension.type()));
        if (space.isEmpty() || !predicate.operator().equals("=")) {
            return true;
        }
        return predicate.values().stream().anyMatch(value -> hashMayMatch(chunk, space.get(), value));
    }

    private boolean timeMayMatch(Chunk chunk, String operator, Constant constant) {
        OptionalLong value = times.computeIfAbsent(constant, c -> constantText.apply(asTimeColumnReadsIt(c)).map(timeValue)
                .orElse(OptionalLong.empty()));
        if (value.isEmpty()) {
            return true;
        }
        long v = value.getAsLong();
        return switch (operator) {
            case "=" -> chunk.rangeStart() <= v && v < chunk.rangeEnd();
            case "<" -> chunk.rangeStart() < v;
            case "<=" -> chunk.rangeStart() <= v;
            case ">", ">=" -> chunk.rangeEnd() > v;
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

    private boolean hashMayMatch(Chunk chunk, SpaceType type, Constant constant) {
        Optional<Integer> hash = hashes.computeIfAbsent(constant, c -> constantText.apply(c).flatMap(text -> hash(type, text)));
        return hash.isEmpty() || chunk.hashStart() <= hash.get() && hash.get() < chunk.hashEnd();
    }

    private static Optional<Integer> hash(SpaceType type, String text) {
        try {
            return Optional.of(SpaceHash.ofText(type, text));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
