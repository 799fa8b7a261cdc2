package io.timeshard.partition;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpaceTypeTest {
    @Test
    void acceptsFormatTypeAndInternalNames() {
        assertThat(SpaceType.fromTypeName("text")).contains(SpaceType.TEXT);
        assertThat(SpaceType.fromTypeName("character varying")).contains(SpaceType.VARCHAR);
        assertThat(SpaceType.fromTypeName("varchar")).contains(SpaceType.VARCHAR);
        assertThat(SpaceType.fromTypeName("smallint")).contains(SpaceType.SMALLINT);
        assertThat(SpaceType.fromTypeName("int2")).contains(SpaceType.SMALLINT);
        assertThat(SpaceType.fromTypeName("integer")).contains(SpaceType.INTEGER);
        assertThat(SpaceType.fromTypeName("int4")).contains(SpaceType.INTEGER);
        assertThat(SpaceType.fromTypeName("bigint")).contains(SpaceType.BIGINT);
        assertThat(SpaceType.fromTypeName("int8")).contains(SpaceType.BIGINT);
        assertThat(SpaceType.fromTypeName("uuid")).contains(SpaceType.UUID);
    }

    @Test
    void rejectsOtherTypesAndTypeModifiers() {
        assertThat(SpaceType.fromTypeName("character varying(10)")).isEmpty();
        assertThat(SpaceType.fromTypeName("character(10)")).isEmpty();
        assertThat(SpaceType.fromTypeName("numeric")).isEmpty();
        assertThat(SpaceType.fromTypeName("timestamp with time zone")).isEmpty();
    }
}
