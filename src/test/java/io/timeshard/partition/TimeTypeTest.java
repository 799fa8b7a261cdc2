package io.timeshard.partition;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TimeTypeTest {
    @Test
    void acceptsFormatTypeAndInternalNames() {
        assertThat(TimeType.fromTypeName("timestamp with time zone")).contains(TimeType.TIMESTAMPTZ);
        assertThat(TimeType.fromTypeName("timestamptz")).contains(TimeType.TIMESTAMPTZ);
        assertThat(TimeType.fromTypeName("timestamp without time zone")).contains(TimeType.TIMESTAMP);
        assertThat(TimeType.fromTypeName("timestamp")).contains(TimeType.TIMESTAMP);
        assertThat(TimeType.fromTypeName("date")).contains(TimeType.DATE);
        assertThat(TimeType.fromTypeName("smallint")).contains(TimeType.SMALLINT);
        assertThat(TimeType.fromTypeName("int2")).contains(TimeType.SMALLINT);
        assertThat(TimeType.fromTypeName("integer")).contains(TimeType.INTEGER);
        assertThat(TimeType.fromTypeName("int4")).contains(TimeType.INTEGER);
        assertThat(TimeType.fromTypeName("bigint")).contains(TimeType.BIGINT);
        assertThat(TimeType.fromTypeName("int8")).contains(TimeType.BIGINT);
    }

    @Test
    void rejectsOtherTypesAndTypeModifiers() {
        assertThat(TimeType.fromTypeName("text")).isEmpty();
        assertThat(TimeType.fromTypeName("numeric")).isEmpty();
        assertThat(TimeType.fromTypeName("timestamp(3) with time zone")).isEmpty();
        assertThat(TimeType.fromTypeName("time without time zone")).isEmpty();
    }

    @Test
    void tellsIntegerTypesFromDateTimeTypes() {
        assertThat(TimeType.SMALLINT.isInteger()).isTrue();
        assertThat(TimeType.INTEGER.isInteger()).isTrue();
        assertThat(TimeType.BIGINT.isInteger()).isTrue();
        assertThat(TimeType.TIMESTAMPTZ.isInteger()).isFalse();
        assertThat(TimeType.TIMESTAMP.isInteger()).isFalse();
        assertThat(TimeType.DATE.isInteger()).isFalse();
    }
}
