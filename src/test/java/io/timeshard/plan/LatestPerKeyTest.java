package io.timeshard.plan;

import io.timeshard.sql.QualifiedName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

class LatestPerKeyTest {
    private static final Predicate<QualifiedName> CPU = name -> name.name().equals("cpu");
    private static final String LASTPOINT = "SELECT DISTINCT ON (t.hostname) * FROM tags t INNER JOIN LATERAL(SELECT * FROM cpu c "
            + "WHERE c.tags_id = t.id ORDER BY time DESC LIMIT 1) AS b ON true ORDER BY t.hostname, b.time DESC";

    private static Optional<LatestPerKey> find(String sql) {
        return LatestPerKey.find(sql, CPU);
    }

    @Test
    void readsTsbsLastpoint() {
        LatestPerKey lastpoint = find(LASTPOINT).orElseThrow();
        assertThat(lastpoint.rowsPerKey()).isEqualTo(1);
        assertThat(lastpoint.innerKeyColumn()).isEqualTo("tags_id");
        assertThat(lastpoint.outerKeys()).isEqualTo("IN (SELECT t.id FROM tags t)");
        assertThat(lastpoint.rowsQuery("IN (1, 2)")).isEqualTo("SELECT * FROM cpu c WHERE (c.tags_id) IN (1, 2) ORDER BY time DESC");
        assertThat(lastpoint.withRows("(SELECT 1)")).isEqualTo("WITH _timeshard_latest_rows AS MATERIALIZED (SELECT * FROM (SELECT 1)"
                + " AS _timeshard_r) SELECT DISTINCT ON (t.hostname) * FROM tags t INNER JOIN LATERAL(SELECT * FROM _timeshard_latest_rows c "
                + "WHERE c.tags_id = t.id ORDER BY time DESC LIMIT 1) AS b ON true ORDER BY t.hostname, b.time DESC");
    }

    @Test
    void readsOtherJoinsToLateralAndKeepsOtherConditions() {
        LatestPerKey left = find("SELECT * FROM public.tags AS t LEFT OUTER JOIN LATERAL (SELECT time, usage FROM cpu WHERE t.id = tags_id"
                + " AND usage > 90 AND time BETWEEN '2024-01-01' AND '2024-01-02' ORDER BY time LIMIT 3) b ON true").orElseThrow();
        assertThat(left.rowsPerKey()).isEqualTo(3);
        assertThat(left.outerKeys()).isEqualTo("IN (SELECT t.id FROM public.tags AS t)");
        assertThat(left.rowsQuery("IN (7)")).isEqualTo("SELECT * FROM cpu WHERE (tags_id) IN (7)"
                + " AND usage > 90 AND time BETWEEN '2024-01-01' AND '2024-01-02' ORDER BY time");
        assertThat(left.withRows("r")).contains("LATERAL (SELECT time, usage FROM _timeshard_latest_rows AS \"cpu\" WHERE");
        LatestPerKey comma = find("WITH x AS (SELECT 1) SELECT * FROM tags, LATERAL (SELECT * FROM cpu WHERE cpu.tags_id = tags.id"
                + " ORDER BY time DESC LIMIT 1) b").orElseThrow();
        assertThat(comma.outerKeys()).isEqualTo("IN (SELECT tags.id FROM tags)");
        assertThat(comma.withRows("r")).startsWith("WITH _timeshard_latest_rows AS MATERIALIZED (SELECT * FROM r AS _timeshard_r), x AS");
    }

    @Test
    void leavesOtherLateralSubqueriesAlone() {
        List<String> refused = List.of(
                // no LIMIT, an OFFSET, no ORDER BY
                "SELECT * FROM tags t JOIN LATERAL (SELECT * FROM cpu c WHERE c.tags_id = t.id ORDER BY time DESC) b ON true",
                "SELECT * FROM tags t JOIN LATERAL (SELECT * FROM cpu c WHERE c.tags_id = t.id ORDER BY time DESC LIMIT 1 OFFSET 1) b ON true",
                "SELECT * FROM tags t JOIN LATERAL (SELECT * FROM cpu c WHERE c.tags_id = t.id LIMIT 1) b ON true",
                // the outer table elsewhere in the subquery, two correlations, an OR
                "SELECT * FROM tags t JOIN LATERAL (SELECT t.hostname FROM cpu c WHERE c.tags_id = t.id ORDER BY time DESC LIMIT 1) b ON true",
                "SELECT * FROM tags t JOIN LATERAL (SELECT * FROM cpu c WHERE c.tags_id = t.id AND c.h = t.h ORDER BY time LIMIT 1) b ON true",
                "SELECT * FROM tags t JOIN LATERAL (SELECT * FROM cpu c WHERE c.tags_id = t.id OR c.x = 1 ORDER BY time LIMIT 1) b ON true",
                // ORDER BY an ordinal or a select-list alias, which mean otherwise over all the columns
                "SELECT * FROM tags t JOIN LATERAL (SELECT usage FROM cpu c WHERE c.tags_id = t.id ORDER BY 1 LIMIT 1) b ON true",
                "SELECT * FROM tags t JOIN LATERAL (SELECT -usage AS usage FROM cpu c WHERE c.tags_id = t.id ORDER BY usage LIMIT 1) b ON true",
                // an aggregate, the hypertable outside too, a join before LATERAL
                "SELECT * FROM tags t JOIN LATERAL (SELECT max(v) FROM cpu c WHERE c.tags_id = t.id GROUP BY 1 ORDER BY 1 LIMIT 1) b ON true",
                "SELECT * FROM cpu t JOIN LATERAL (SELECT * FROM cpu c WHERE c.tags_id = t.id ORDER BY time DESC LIMIT 1) b ON true",
                "SELECT * FROM a JOIN tags t ON a.x = t.x JOIN LATERAL (SELECT * FROM cpu c WHERE c.tags_id = t.id ORDER BY time LIMIT 1) b ON true");
        for (String sql : refused) {
            assertThat(find(sql)).as(sql).isEmpty();
        }
    }
}
