package io.timeshard.plan;

import io.timeshard.sql.QualifiedName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

class PushedSubqueryTest {
    private static final Predicate<QualifiedName> CPU = name -> name.name().equals("cpu");

    private static List<String> bodies(String sql) {
        return PushedSubquery.find(sql, CPU).stream().map(PushedSubquery::body).toList();
    }

    @Test
    void findsTheQueryOfACteAndOfADerivedTable() {
        assertThat(bodies("WITH a AS (SELECT h, max(v) FROM cpu GROUP BY h) SELECT * FROM a JOIN tags USING (h)"))
                .containsExactly("SELECT h, max(v) FROM cpu GROUP BY h");
        assertThat(bodies("WITH a (x, y) AS NOT MATERIALIZED (SELECT h, count(*) FROM cpu GROUP BY h), b AS (SELECT 1) SELECT * FROM a, b"))
                .containsExactly("SELECT h, count(*) FROM cpu GROUP BY h");
        assertThat(bodies("SELECT t.region, s.n FROM (SELECT h, count(*) AS n FROM cpu GROUP BY h) s JOIN tags t ON t.h = s.h"))
                .containsExactly("SELECT h, count(*) AS n FROM cpu GROUP BY h");
    }

    @Test
    void listsNestedCandidatesOutermostFirst() {
        assertThat(bodies("WITH w AS (SELECT * FROM (SELECT h, avg(v) AS a FROM cpu GROUP BY h) d WHERE a > 1) SELECT count(*) FROM w"))
                .containsExactly("SELECT * FROM (SELECT h, avg(v) AS a FROM cpu GROUP BY h) d WHERE a > 1", "SELECT h, avg(v) AS a FROM cpu GROUP BY h");
    }

    @Test
    void leavesStatementsThatReadTheHypertableElsewhereOrMayReferToTheOuterQuery() {
        assertThat(bodies("WITH a AS (SELECT h, count(*) AS n FROM cpu GROUP BY h) SELECT a.n, (SELECT max(v) FROM cpu) FROM a")).isEmpty();
        assertThat(bodies("SELECT * FROM tags t CROSS JOIN LATERAL (SELECT v FROM cpu c WHERE c.h = t.h LIMIT 1) b")).isEmpty();
        assertThat(bodies("WITH RECURSIVE r AS (SELECT h FROM cpu GROUP BY h) SELECT * FROM r")).isEmpty();
        assertThat(bodies("SELECT * FROM tags WHERE h IN (SELECT h FROM cpu)")).isEmpty();
        assertThat(bodies("SELECT * FROM tags WHERE h = (SELECT max(h) FROM cpu)")).isEmpty();
    }

    @Test
    void putsTheResultInThePlaceOfTheQuery() {
        PushedSubquery found = PushedSubquery.find("WITH a AS (SELECT h FROM cpu GROUP BY h) SELECT * FROM a", CPU).get(0);
        assertThat(found.withBody("SELECT c1 AS h FROM rows")).isEqualTo("WITH a AS (SELECT c1 AS h FROM rows) SELECT * FROM a");
    }
}
