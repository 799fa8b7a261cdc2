package io.timeshard.partition;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;

/**
 * A range {@code [start, end)} of space hashes within {@code [0, 2^31)}: the space extent of a
 * chunk. With {@code n} partitions, partition {@code i} covers
 * {@code [i * 2^31 / n, (i + 1) * 2^31 / n)}, rounding down.
 */
public record HashSlice(long start, long end) {
    /** One past the largest hash. */
    public static final long HASH_END = 1L << 31;
    public static final int MAXIMUM_PARTITIONS = Short.MAX_VALUE;

    public HashSlice {
        if (start < 0 || start >= end || end > HASH_END) {
            throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE, "invalid hash slice [" + start + ", " + end + ")");
        }
    }

    public static HashSlice containing(int hash, int partitions) {
        checkPartitions(partitions);
        if (hash < 0) {
            throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE, "invalid space hash " + hash + ": must not be negative");
        }
        return ofOrdinal(ordinalOf(hash, partitions), partitions);
    }

    public static HashSlice ofOrdinal(int ordinal, int partitions) {
        checkPartitions(partitions);
        if (ordinal < 0 || ordinal >= partitions) {
            throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE,
                    "invalid hash slice ordinal " + ordinal + " for " + partitions + " partitions");
        }
        return new HashSlice(ordinal * HASH_END / partitions, (ordinal + 1) * HASH_END / partitions);
    }

    /** This slice's number among {@code partitions} equal slices; it must be one of them. */
    public int ordinal(int partitions) {
        checkPartitions(partitions);
        int ordinal = ordinalOf(start, partitions);
        if (!ofOrdinal(ordinal, partitions).equals(this)) {
            throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE,
                    "hash slice [" + start + ", " + end + ") is not one of " + partitions + " partitions");
        }
        return ordinal;
    }

    public boolean contains(int hash) {
        return hash >= start && hash < end;
    }

    public boolean overlaps(HashSlice other) {
        return start < other.end && other.start < end;
    }

    /** The largest i whose start, i * 2^31 / n rounded down, is at most hash. */
    private static int ordinalOf(long hash, int partitions) {
        return (int) (((hash + 1) * partitions - 1) >> 31);
    }

    private static void checkPartitions(int partitions) {
        if (partitions < 1 || partitions > MAXIMUM_PARTITIONS) {
            throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE,
                    "invalid number of partitions: must be between 1 and " + MAXIMUM_PARTITIONS);
        }
    }
}
