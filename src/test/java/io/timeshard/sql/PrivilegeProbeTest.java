package io.timeshard.sql;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

class PrivilegeProbeTest {
    private static final Predicate<QualifiedName> IS_HYPERTABLE = name -> name.name().equals("m");

    private static String probe(String sql) {
        DistributedStatement statement = DistributedStatement.classify(sql, IS_HYPERTABLE).orElseThrow();
        return PrivilegeProbe.of(statement, IS_HYPERTABLE, () -> List.of("time", "dev", "v"));
    }

    @Test
    void queriesReadTheRootTableOnlyWhereItIsARelation() {
        assertThat(probe("SELECT m FROM m WHERE dev = 1")).isEqualTo("EXPLAIN (COSTS OFF) SELECT m FROM ONLY m WHERE dev = 1");
        assertThat(probe("SELECT * FROM other o, public.m x JOIN m y USING (dev)"))
                .isEqualTo("EXPLAIN (COSTS OFF) SELECT * FROM other o, ONLY public.m x JOIN ONLY m y USING (dev)");
        assertThat(probe("SELECT count(*) FROM m* WHERE true")).isEqualTo("EXPLAIN (COSTS OFF) SELECT count(*) FROM m* WHERE true");
        assertThat(probe("SELECT a, m.v FROM ONLY m")).isEqualTo("EXPLAIN (COSTS OFF) SELECT a, m.v FROM ONLY m");
    }

    @Test
    void writesKeepWhatTheirPrivilegesDependOn() {
        assertThat(probe("UPDATE m SET v = 0 WHERE dev = $1")).isEqualTo("EXPLAIN (COSTS OFF) UPDATE ONLY m SET v = 0 WHERE dev = $1");
        assertThat(probe("DELETE FROM m USING m2 WHERE m.dev = m2.dev")).isEqualTo("EXPLAIN (COSTS OFF) DELETE FROM ONLY m USING m2 WHERE m.dev = m2.dev");
        assertThat(probe("INSERT INTO m (time, dev) VALUES ('2024-01-01', 1), ('2024-01-02', 2) RETURNING dev"))
                .isEqualTo("EXPLAIN (COSTS OFF) INSERT INTO m (time, dev) VALUES (DEFAULT, DEFAULT) RETURNING dev");
        assertThat(probe("INSERT INTO m SELECT * FROM other")).isEqualTo("EXPLAIN (COSTS OFF) INSERT INTO m VALUES (DEFAULT, DEFAULT, DEFAULT)");
    }

    @Test
    void copyBecomesTheStatementItStandsFor() {
        assertThat(probe("COPY m FROM STDIN (FORMAT csv)"))
                .isEqualTo("EXPLAIN (COSTS OFF) INSERT INTO m (\"time\", \"dev\", \"v\") VALUES (DEFAULT, DEFAULT, DEFAULT)");
        assertThat(probe("COPY m (dev) FROM STDIN")).isEqualTo("EXPLAIN (COSTS OFF) INSERT INTO m (\"dev\") VALUES (DEFAULT)");
        assertThat(probe("COPY public.m (time, dev) TO STDOUT")).isEqualTo("EXPLAIN (COSTS OFF) SELECT time, dev FROM ONLY public.m");
        assertThat(probe("COPY (SELECT v FROM m) TO STDOUT")).isEqualTo("EXPLAIN (COSTS OFF) SELECT v FROM ONLY m");
    }

    @Test
    void explainChecksTheStatementItExplains() {
        assertThat(probe("EXPLAIN ANALYZE SELECT max(v) FROM m")).isEqualTo("EXPLAIN (COSTS OFF) SELECT max(v) FROM ONLY m");
        assertThat(probe("EXPLAIN (SELECT v FROM m) UNION (SELECT 1)"))
                .isEqualTo("EXPLAIN (COSTS OFF) (SELECT v FROM ONLY m) UNION (SELECT 1)");
    }
}
