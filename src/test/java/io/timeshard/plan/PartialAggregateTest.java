package io.timeshard.plan;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PartialAggregateTest {
    private static final int INT4 = 23;
    private static final int FLOAT8 = 701;
    private static final int TEXT = 25;

    @Test
    void splitsAggregatesIntoStatesAndTheirCombination() {
        PartialAggregate average = PartialAggregate.of("avg", "x", INT4).orElseThrow();
        assertThat(average.states()).containsExactly("sum(x)", "count(x)");
        assertThat(average.combine()).isEqualTo("(sum({0})::numeric / nullif(sum({1}), 0))");
        assertThat(PartialAggregate.of("sum", "x", INT4).orElseThrow().combine()).isEqualTo("sum({0})::bigint");
        assertThat(PartialAggregate.of("count", "*", 0).orElseThrow().states()).containsExactly("count(*)");
        assertThat(PartialAggregate.of("stddev", "x", FLOAT8).orElseThrow().combine())
                .isEqualTo("float8_stddev_samp(_timeshard_catalog.float8_combine_states({0}))");
        assertThat(PartialAggregate.of("max", "x", TEXT)).isPresent();
    }

    @Test
    void refusesWhatCannotBeCombinedExactly() {
        assertThat(PartialAggregate.of("sum", "x", TEXT)).isEmpty();
        assertThat(PartialAggregate.of("avg", "x", TEXT)).isEmpty();
        assertThat(PartialAggregate.of("string_agg", "x", TEXT)).isEmpty();
        assertThat(PartialAggregate.of("bool_and", "x", INT4)).isEmpty();
    }
}
