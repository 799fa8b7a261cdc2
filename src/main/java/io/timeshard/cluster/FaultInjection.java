package io.timeshard.cluster;

/**
 * Named points in the commit protocol and in chunk copies where crash tests stop the process dead,
 * as a power cut would: set the system property {@code timeshard.fault.halt-at} to the point's name.
 */
public final class FaultInjection {
    public static final String AFTER_PREPARE = "after-prepare";
    public static final String AFTER_DECISION = "after-decision";
    /** Chunk copies halt after a stage: "chunk-copy-" and the stage's name. */
    static final String CHUNK_COPY_STAGE = "chunk-copy-";
    private static final String HALT_AT = System.getProperty("timeshard.fault.halt-at", "");

    private FaultInjection() {}

    public static void point(String name) {
        if (HALT_AT.equals(name)) {
            Runtime.getRuntime().halt(70);
        }
    }
}
