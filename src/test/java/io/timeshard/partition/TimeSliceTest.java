package io.timeshard.partition;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeSliceTest {
    private static final long WEEK = 7L * 86_400_000_000L;

    @Test
    void alignsSlicesToOriginZero() {
        assertThat(TimeSlice.containing(0, WEEK)).isEqualTo(new TimeSlice(0, WEEK));
        assertThat(TimeSlice.containing(WEEK - 1, WEEK)).isEqualTo(new TimeSlice(0, WEEK));
        assertThat(TimeSlice.containing(WEEK, WEEK)).isEqualTo(new TimeSlice(WEEK, 2 * WEEK));
        assertThat(TimeSlice.containing(25, 10)).isEqualTo(new TimeSlice(20, 30));
    }

    @Test
    void roundsNegativeValuesDown() {
        assertThat(TimeSlice.containing(-1, 10)).isEqualTo(new TimeSlice(-10, 0));
        assertThat(TimeSlice.containing(-10, 10)).isEqualTo(new TimeSlice(-10, 0));
        assertThat(TimeSlice.containing(-11, 10)).isEqualTo(new TimeSlice(-20, -10));
    }

    @Test
    void containsItsStartButNotItsEnd() {
        TimeSlice slice = TimeSlice.containing(25, 10);
        assertThat(slice.contains(20)).isTrue();
        assertThat(slice.contains(29)).isTrue();
        assertThat(slice.contains(30)).isFalse();
        assertThat(slice.contains(19)).isFalse();
    }

    @Test
    void numbersSlicesFromOriginZero() {
        assertThat(TimeSlice.containing(25, 10).ordinal(10)).isEqualTo(2);
        assertThat(TimeSlice.containing(-1, 10).ordinal(10)).isEqualTo(-1);
        assertThat(TimeSlice.containing(-11, 10).ordinal(10)).isEqualTo(-2);
    }

    @Test
    void saturatesAtTheEndsOfTheLongRange() {
        TimeSlice last = TimeSlice.containing(Long.MAX_VALUE, WEEK);
        assertThat(last.start()).isEqualTo(Math.floorDiv(Long.MAX_VALUE, WEEK) * WEEK);
        assertThat(last.end()).isEqualTo(Long.MAX_VALUE);
        assertThat(last.contains(Long.MAX_VALUE)).isTrue();
        assertThat(last.ordinal(WEEK)).isEqualTo(Math.floorDiv(Long.MAX_VALUE, WEEK));

        TimeSlice first = TimeSlice.containing(Long.MIN_VALUE, WEEK);
        assertThat(first.start()).isEqualTo(Long.MIN_VALUE);
        assertThat(first.end()).isEqualTo(Math.floorDiv(Long.MIN_VALUE, WEEK) * WEEK + WEEK);
        assertThat(first.contains(Long.MIN_VALUE)).isTrue();
        assertThat(first.ordinal(WEEK)).isEqualTo(Math.floorDiv(Long.MIN_VALUE, WEEK));
        assertThat(TimeSlice.containing(first.end() - 1, WEEK)).isEqualTo(first);
    }

    @Test
    void keepsTheLargestValueInASliceWhenTheIntervalDividesIt() {
        // 7 divides Long.MAX_VALUE, so the slice starting there would be empty.
        TimeSlice last = TimeSlice.containing(Long.MAX_VALUE, 7);
        assertThat(last).isEqualTo(new TimeSlice(Long.MAX_VALUE - 7, Long.MAX_VALUE));
        assertThat(last.contains(Long.MAX_VALUE)).isTrue();
        assertThat(TimeSlice.containing(Long.MAX_VALUE - 1, 7)).isEqualTo(last);
        assertThat(TimeSlice.containing(Long.MAX_VALUE, 1)).isEqualTo(new TimeSlice(Long.MAX_VALUE - 1, Long.MAX_VALUE));
    }

    @Test
    void coversEveryValueWithTheSliceItBelongsTo() {
        for (long value : new long[] {Long.MIN_VALUE, Long.MIN_VALUE + 1, -WEEK - 1, -1, 0, 1, WEEK, Long.MAX_VALUE - 1, Long.MAX_VALUE}) {
            for (long interval : new long[] {1, 3, 7, 10, WEEK, Long.MAX_VALUE}) {
                assertThat(TimeSlice.containing(value, interval).contains(value)).as("%d in %d", value, interval).isTrue();
            }
        }
    }

    @Test
    void rejectsIntervalsThatAreNotPositive() {
        assertThatThrownBy(() -> TimeSlice.containing(1, 0))
                .isInstanceOfSatisfying(TimeshardException.class, error -> assertThat(error.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
        assertThatThrownBy(() -> TimeSlice.containing(1, -10)).isInstanceOf(TimeshardException.class);
        assertThatThrownBy(() -> new TimeSlice(0, 10).ordinal(0)).isInstanceOf(TimeshardException.class);
    }

    @Test
    void rejectsEmptySlices() {
        assertThatThrownBy(() -> new TimeSlice(10, 10)).isInstanceOf(TimeshardException.class);
        assertThatThrownBy(() -> new TimeSlice(10, 0)).isInstanceOf(TimeshardException.class);
    }
}
