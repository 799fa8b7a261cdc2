package io.timeshard.sql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SelectQueryTest {
    @Test
    void readsTheClausesOfASingleTableQuery() {
        SelectQuery query = SelectQuery.read("SELECT time_bucket('1 hour', time) AS hour, c.location loc, avg(temperature) FROM conditions c"
                + " WHERE time > now() - interval '1 day' GROUP BY hour, loc HAVING count(*) > 1 ORDER BY hour DESC, 2 LIMIT $1 OFFSET 5;")
                .orElseThrow();
        assertThat(query.items()).hasSize(3);
        assertThat(query.items().get(0).alias()).contains("hour");
        assertThat(query.items().get(1).alias()).contains("loc");
        assertThat(query.items().get(2).alias()).isEmpty();
        assertThat(query.tableName().name()).isEqualTo("conditions");
        assertThat(query.qualifier()).isEqualTo("c");
        assertThat(query.text(query.where().orElseThrow())).isEqualTo("time > now() - interval '1 day'");
        assertThat(query.groupBy()).hasSize(2);
        assertThat(query.text(query.having().orElseThrow())).isEqualTo("count(*) > 1");
        assertThat(query.orderBy().get(0).descending()).isTrue();
        assertThat(query.orderBy().get(0).nullsFirst()).isTrue();
        assertThat(query.orderBy().get(1).nullsFirst()).isFalse();
        assertThat(query.limit().orElseThrow().text()).isEqualTo("$1");
        assertThat(query.offset().orElseThrow().text()).isEqualTo("5");
    }

    @Test
    void readsDistinctFetchAndIsDistinctFrom() {
        SelectQuery on = SelectQuery.read("SELECT DISTINCT ON (location) location, time FROM t ORDER BY location, time FETCH FIRST 3 ROWS ONLY")
                .orElseThrow();
        assertThat(on.distinctOn()).hasSize(1);
        assertThat(on.limit().orElseThrow().text()).isEqualTo("3");
        SelectQuery distinctFrom = SelectQuery.read("SELECT a IS DISTINCT FROM 0, b FROM t").orElseThrow();
        assertThat(distinctFrom.items()).hasSize(2);
        assertThat(distinctFrom.tableName().name()).isEqualTo("t");
    }

    @Test
    void leavesOtherShapesToTheFallback() {
        for (String sql : new String[] {"SELECT * FROM a JOIN b ON a.x = b.x", "SELECT * FROM a, b", "SELECT * FROM (SELECT 1) s",
                "SELECT x FROM a WHERE x IN (SELECT y FROM b)", "WITH w AS (SELECT 1) SELECT * FROM w", "SELECT 1 UNION SELECT 2",
                "SELECT row_number() OVER () FROM a", "SELECT * FROM a FOR UPDATE", "SELECT x FROM a GROUP BY ROLLUP (x)",
                "SELECT * FROM a LIMIT 1 + 1", "SELECT 1"}) {
            assertThat(SelectQuery.read(sql)).as(sql).isEmpty();
        }
    }
}
