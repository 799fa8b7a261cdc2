package io.timeshard.bench;

import static java.util.Objects.requireNonNull;

/** One script in one protocol, on both systems. */
record ConcurrencyMeasure(ConcurrencyScript script, boolean simple, ClientLoad.Result timeshard, ClientLoad.Result plain) {
    ConcurrencyMeasure {
        requireNonNull(script, "script is null");
        requireNonNull(timeshard, "timeshard is null");
        requireNonNull(plain, "plain is null");
    }

    String protocol() {
        return simple ? "simple" : "extended";
    }

    double tpsRatio() {
        return timeshard.tps() / plain.tps();
    }

    /** The targets: at least half plain's tps, a p99 latency at most three times plain's, no failures. */
    boolean meetsTarget() {
        return tpsRatio() >= 0.5 && timeshard.p99Millis() <= 3 * plain.p99Millis() && timeshard.failures() == 0;
    }
}
