package io.timeshard.partition;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;

/**
 * A range {@code [start, end)} of internal time values: the time extent of a chunk. The first
 * and last slices are cut off at the ends of the long range; an end of {@link Long#MAX_VALUE}
 * means unbounded, so that the slice also holds {@code Long.MAX_VALUE} itself.
 */
public record TimeSlice(long start, long end) {
    public TimeSlice {
        if (start >= end) {
            throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE, "empty time slice [" + start + ", " + end + ")");
        }
    }

    /** The slice of width {@code interval}, aligned to origin 0, that holds {@code value}. */
    public static TimeSlice containing(long value, long interval) {
        long ordinal = Math.floorDiv(value, checkInterval(interval));
        // Truncation rounds MIN_VALUE / interval up, so any smaller ordinal would overflow.
        long start = ordinal < Long.MIN_VALUE / interval ? Long.MIN_VALUE : ordinal * interval;
        if (start == Long.MAX_VALUE) {
            // Only when interval divides MAX_VALUE: that value belongs to the unbounded slice before.
            return new TimeSlice(start - interval, Long.MAX_VALUE);
        }
        // The end follows the ordinal, not a saturated start; (ordinal + 1) * interval overflows from MAX_VALUE / interval on.
        long end = ordinal >= Long.MAX_VALUE / interval ? Long.MAX_VALUE : (ordinal + 1) * interval;
        return new TimeSlice(start, end);
    }

    public boolean contains(long value) {
        return value >= start && (value < end || end == Long.MAX_VALUE);
    }

    /** The slice's number counted from origin 0; the first slice is numbered as if it were whole. */
    public long ordinal(long interval) {
        return Math.floorDiv(start, checkInterval(interval));
    }

    private static long checkInterval(long interval) {
        if (interval <= 0) {
            throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE, "invalid chunk interval " + interval + ": must be positive");
        }
        return interval;
    }
}
