package io.timeshard.distributed;

import io.timeshard.distributed.RandomQueries.Order;
import io.timeshard.distributed.RandomQueries.RandomQuery;
import io.timeshard.distributed.RandomQueries.Shape;
import io.timeshard.distributed.RandomQueries.SortKey;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The random differential test's own machinery, without a cluster: generating queries and judging row order. */
class RandomQueriesTest {
    @Test
    void theSameSeedGivesTheSameQueriesWhateverTheCount() {
        List<RandomQuery> few = RandomQueries.generate(7, 50);
        List<RandomQuery> more = RandomQueries.generate(7, 500);
        assertThat(more.subList(0, 50)).isEqualTo(few);
        assertThat(RandomQueries.generate(8, 50)).isNotEqualTo(few);
    }

    @Test
    void everyShapeIsDrawnAndEveryOrderedQueryStatesItsOrder() {
        List<RandomQuery> queries = RandomQueries.generate(20261201, 2_000);
        Set<Shape> shapes = queries.stream().map(RandomQuery::shape).collect(Collectors.toSet());
        assertThat(shapes).containsExactlyInAnyOrder(Shape.values());
        assertThat(queries).allSatisfy(query -> {
            assertThat(query.sql()).doesNotContainIgnoringCase("random()");
            assertThat(query.sortKeys().isEmpty()).isEqualTo(query.order() != Order.EVERY_COLUMN);
        });
    }

    @Test
    void rowsTiedByValueMayComeInEitherOrder() {
        List<SortKey> byValueThenName = List.of(new SortKey(1, false, false), new SortKey(2, true, false));
        assertThat(RowOrder.follows(result(List.of("numeric", "text"), row("7.000", "b"), row("7", "a"), row("8", "c")), byValueThenName))
                .isTrue();
        assertThat(RowOrder.follows(result(List.of("numeric", "text"), row("7", "a"), row("7.000", "b")), byValueThenName)).isFalse();
        // Floats equal but for their last digits: PostgreSQL ordered them by digits the other side need not share.
        assertThat(RowOrder.follows(result(List.of("float8", "text"), row("0.0828048307769545", "a"), row("0.08280483077695389", "b")),
                byValueThenName)).isTrue();
        assertThat(RowOrder.follows(result(List.of("float8", "text"), row("0.5", "a"), row("0.25", "b")), byValueThenName)).isFalse();
    }

    @Test
    void arraysCompareElementByElementAndNullsComeWhereTheKeySays() {
        List<SortKey> ascending = List.of(new SortKey(1, false, false));
        assertThat(RowOrder.follows(result(List.of("_int8"), row("{1,2}"), row("{1,2,NULL}"), row("{1,10}"), row("{2}")), ascending))
                .isTrue();
        assertThat(RowOrder.follows(result(List.of("_text"), row("{\"a b\",c}"), row("{b}")), ascending)).isTrue();
        assertThat(RowOrder.follows(result(List.of("int4"), row("1"), row((String) null)), ascending)).isTrue();
        assertThat(RowOrder.follows(result(List.of("int4"), row((String) null), row("1")), ascending)).isFalse();
        assertThat(RowOrder.follows(result(List.of("int4"), row((String) null), row("1")), List.of(new SortKey(1, true, true)))).isTrue();
        assertThat(RowOrder.follows(result(List.of("interval"), row("02:00:00"), row("1 day"), row("1 day 00:00:00.5")), ascending))
                .isTrue();
        assertThat(RowOrder.follows(result(List.of("interval"), row("1 day"), row("02:00:00")), ascending)).isFalse();
        assertThat(RowOrder.follows(result(List.of("interval"), row("1 mon"), row("2 mons")), ascending)).isFalse();
        assertThat(RowOrder.follows(result(List.of("uuid"), row("0a2f993a-ec2c-27fc-7501-19ab17b16cdb"),
                row("ec2f993a-ec2c-27fc-7501-19ab17b16cdb")), ascending)).isTrue();
    }

    @SafeVarargs
    private static QueryResult result(List<String> types, List<String>... rows) {
        return new QueryResult(types.stream().map(type -> "c").toList(), types, Arrays.asList(rows));
    }

    private static List<String> row(String... values) {
        return Arrays.asList(values);
    }
}
