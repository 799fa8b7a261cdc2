package io.timeshard.distributed;

import java.util.Collections;
import java.util.List;
import java.util.Random;

import static java.util.Objects.requireNonNull;

/** The choices every part of the generator makes, all from the one seeded source of the query. */
final class RandomChoices {
    private final Random random;

    RandomChoices(Random random) {
        this.random = requireNonNull(random, "random is null");
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    /** A number from {@code low} to {@code high}, both included. */
    int between(int low, int high) {
        return low + random.nextInt(high - low + 1);
    }

    /** A number from 0 (included) to 1. */
    double fraction() {
        return random.nextDouble();
    }

    <T> T pick(List<T> options) {
        return DifferentialSchema.pick(random, options);
    }

    String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    void shuffle(List<?> list) {
        Collections.shuffle(list, random);
    }
}
