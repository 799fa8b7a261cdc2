package io.timeshard.txn;

/**
 * Named points in the commit protocol where crash tests stop the process dead, as a power cut
 * would: set the system property {@code timeshard.fault.halt-at} to the point's name.
 */
final class FaultInjection {
    static final String AFTER_PREPARE = "after-prepare";
    static final String AFTER_DECISION = "after-decision";
    private static final String HALT_AT = System.getProperty("timeshard.fault.halt-at", "");

    private FaultInjection() {}

    static void point(String name) {
        if (HALT_AT.equals(name)) {
            Runtime.getRuntime().halt(70);
        }
    }
}
