package io.timeshard.partition;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HashSliceTest {
    private static final long HASH_END = 1L << 31;

    @Test
    void splitsTheHashRangeIntoEqualPartsRoundingDown() {
        assertThat(HashSlice.ofOrdinal(0, 1)).isEqualTo(new HashSlice(0, HASH_END));
        assertThat(HashSlice.ofOrdinal(0, 3)).isEqualTo(new HashSlice(0, 715_827_882));
        assertThat(HashSlice.ofOrdinal(1, 3)).isEqualTo(new HashSlice(715_827_882, 1_431_655_765));
        assertThat(HashSlice.ofOrdinal(2, 3)).isEqualTo(new HashSlice(1_431_655_765, HASH_END));
    }

    @Test
    void findsTheSliceOfAHashAtEveryBoundary() {
        for (int partitions : new int[] {1, 2, 3, 7, 10, 1000, 32_767}) {
            for (int ordinal = 0; ordinal < partitions; ordinal += Math.max(1, partitions / 50)) {
                HashSlice slice = HashSlice.ofOrdinal(ordinal, partitions);
                assertThat(HashSlice.containing((int) slice.start(), partitions)).isEqualTo(slice);
                assertThat(HashSlice.containing((int) slice.end() - 1, partitions)).isEqualTo(slice);
                if (slice.end() < HASH_END) {
                    assertThat(HashSlice.containing((int) slice.end(), partitions)).isEqualTo(HashSlice.ofOrdinal(ordinal + 1, partitions));
                }
                assertThat(slice.ordinal(partitions)).isEqualTo(ordinal);
            }
        }
    }

    @Test
    void placesTheExtremeHashesInTheOuterSlices() {
        assertThat(HashSlice.containing(0, 32_767).ordinal(32_767)).isZero();
        assertThat(HashSlice.containing(Integer.MAX_VALUE, 32_767).ordinal(32_767)).isEqualTo(32_766);
        assertThat(HashSlice.containing(Integer.MAX_VALUE, 1)).isEqualTo(new HashSlice(0, HASH_END));
    }

    @Test
    void containsItsStartButNotItsEnd() {
        HashSlice slice = HashSlice.ofOrdinal(1, 3);
        assertThat(slice.contains(715_827_882)).isTrue();
        assertThat(slice.contains(1_431_655_764)).isTrue();
        assertThat(slice.contains(715_827_881)).isFalse();
        assertThat(slice.contains(1_431_655_765)).isFalse();
    }

    @Test
    void overlapsOnlySlicesSharingAHash() {
        HashSlice half = HashSlice.ofOrdinal(0, 2);
        assertThat(half.overlaps(HashSlice.ofOrdinal(1, 2))).isFalse();
        assertThat(half.overlaps(HashSlice.ofOrdinal(1, 3))).isTrue();
        assertThat(half.overlaps(HashSlice.ofOrdinal(0, 1))).isTrue();
        assertThat(HashSlice.ofOrdinal(2, 3).overlaps(half)).isFalse();
    }

    @Test
    void refusesTheOrdinalOfASliceFromAnotherPartitioning() {
        assertThatThrownBy(() -> HashSlice.ofOrdinal(1, 3).ordinal(2))
                .isInstanceOfSatisfying(TimeshardException.class, error -> assertThat(error.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    }

    @Test
    void rejectsInvalidNumbersOfPartitions() {
        for (int partitions : new int[] {0, -1, 32_768}) {
            assertThatThrownBy(() -> HashSlice.containing(0, partitions))
                    .isInstanceOfSatisfying(TimeshardException.class, error -> assertThat(error.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
                    .hasMessage("invalid number of partitions: must be between 1 and 32767");
        }
        assertThatThrownBy(() -> HashSlice.ofOrdinal(0, 0)).hasMessage("invalid number of partitions: must be between 1 and 32767");
    }

    @Test
    void rejectsNegativeHashesOrdinalsOutOfRangeAndInvalidBounds() {
        assertThatThrownBy(() -> HashSlice.containing(-1, 4)).isInstanceOf(TimeshardException.class);
        assertThatThrownBy(() -> HashSlice.ofOrdinal(4, 4)).isInstanceOf(TimeshardException.class);
        assertThatThrownBy(() -> HashSlice.ofOrdinal(-1, 4)).isInstanceOf(TimeshardException.class);
        assertThatThrownBy(() -> new HashSlice(-1, 10)).isInstanceOf(TimeshardException.class);
        assertThatThrownBy(() -> new HashSlice(10, 10)).isInstanceOf(TimeshardException.class);
        assertThatThrownBy(() -> new HashSlice(0, HASH_END + 1)).isInstanceOf(TimeshardException.class);
    }
}
