package io.timeshard.bench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The expected lines are what PostgreSQL 16 prints for BENCHMARK.md's SQL, the values cast to double precision:
 * {@code COPY (SELECT ... FROM unnest(ARRAY[...]::bigint[]) AS i) TO STDOUT (FORMAT csv)}.
 */
class WorkloadRowsTest {
    private final WorkloadRows workload = new WorkloadRows();

    @Test
    void writesRowsAsPostgresPrintsThem() {
        assertThat(workload.csvLine(0)).isEqualTo("2024-01-01 00:00:00+00,loc_0,-10,0\n");
        assertThat(workload.csvLine(1)).isEqualTo("2024-01-01 00:00:00+00,loc_1,19.19,47.29\n");
        assertThat(workload.csvLine(2)).isEqualTo("2024-01-01 00:00:00+00,loc_2,-1.62,94.58\n");
        assertThat(workload.csvLine(999)).isEqualTo("2024-01-01 00:00:00+00,loc_999,0.81,42.71\n");
    }

    @Test
    void dropsTrailingZerosOfTheHundredths() {
        assertThat(workload.csvLine(10)).isEqualTo("2024-01-01 00:00:00+00,loc_10,31.9,72.9\n");
        assertThat(workload.csvLine(1000)).isEqualTo("2024-01-01 00:01:00+00,loc_0,30,90\n");
    }

    @Test
    void advancesOneMinuteEveryThousandRows() {
        assertThat(workload.csvLine(1001)).isEqualTo("2024-01-01 00:01:00+00,loc_1,9.19,37.29\n");
        assertThat(workload.csvLine(123_456)).isEqualTo("2024-01-01 02:03:00+00,loc_456,20.64,34.24\n");
        assertThat(workload.csvLine(1_439_999)).isEqualTo("2024-01-01 23:59:00+00,loc_999,10.81,52.71\n");
        assertThat(workload.csvLine(9_999_999)).isEqualTo("2024-01-07 22:39:00+00,loc_999,10.81,52.71\n");
    }

    @Test
    void computesTheLargeProductInLongArithmetic() {
        // 9,999,999 * 104729 exceeds an int; in int arithmetic the humidity would come out wrong.
        assertThat(WorkloadRows.humidityHundredths(9_999_999)).isEqualTo(5271);
        assertThat(WorkloadRows.temperatureHundredths(9_999_999)).isEqualTo(2081 - 1000);
    }

    @Test
    void writesSqlTuplesWithTheSameValues() {
        AsciiBuffer tuple = new AsciiBuffer(16);
        workload.appendSqlTuple(2, tuple);
        assertThat(tuple.toString()).isEqualTo("('2024-01-01 00:00:00+00','loc_2',-1.62,94.58)");
    }

    @Test
    void streamsTheSameLinesAsCsv() throws IOException {
        long[] reported = new long[1];
        String streamed = new String(new CsvWorkloadStream(3000, rows -> reported[0] = rows).readAllBytes(), StandardCharsets.US_ASCII);
        StringBuilder expected = new StringBuilder();
        for (long row = 0; row < 3000; row++) {
            expected.append(workload.csvLine(row));
        }
        assertThat(streamed).isEqualTo(expected.toString());
        assertThat(reported[0]).isEqualTo(3000);
    }

    @Test
    void rejectsNegativeRows() {
        assertThatThrownBy(() -> workload.csvLine(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
