package io.timeshard.ingest;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ExactDecimalTest {
    @Test
    void agreesWithTheJdkOnShortcutsAndFallbacks() {
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            long whole = random.nextLong() % (random.nextBoolean() ? 1_000 : 1_000_000_000_000_000L);
            String fraction = Long.toString(Math.abs(random.nextLong() % 100_000_000_000L));
            String text = whole + (random.nextBoolean() ? "." + fraction : "");
            assertThat(ExactDecimal.toDouble(text)).as(text).isEqualTo(Double.parseDouble(text));
        }
        for (String text : new String[] {"0", "-0", "0.1", "19.19", "-10", "+3.5", "1.", ".5", "99999999999999999999.5", "1e5"}) {
            assertThat(ExactDecimal.toDouble(text)).as(text).isEqualTo(Double.parseDouble(text));
        }
    }
}
