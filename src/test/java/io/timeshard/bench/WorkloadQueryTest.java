package io.timeshard.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WorkloadQueryTest {
    @Test
    void listsTheSixQueriesOfTheBenchmarkInOrder() {
        assertThat(WorkloadQuery.standard()).extracting(WorkloadQuery::name).containsExactly("Q1", "Q2", "Q3", "Q4", "Q5", "Q6");
    }

    @Test
    void writesHourBucketsAsDateTruncForPlainPostgres() {
        WorkloadQuery q4 = WorkloadQuery.standard().get(3);
        assertThat(q4.plainSql()).isEqualTo("SELECT date_trunc('hour', time) AS hour, avg(temperature) "
                + "FROM conditions WHERE location = 'loc_1' GROUP BY hour ORDER BY hour LIMIT 100");
        assertThat(WorkloadQuery.standard()).allSatisfy(query -> assertThat(query.plainSql()).doesNotContain("time_bucket"));
    }

    @Test
    void sendsQueriesWithoutTimeBucketUnchangedToBothSystems() {
        WorkloadQuery q6 = WorkloadQuery.standard().get(5);
        assertThat(q6.plainSql()).isEqualTo(q6.sql());
    }
}
