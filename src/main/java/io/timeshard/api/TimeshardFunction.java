package io.timeshard.api;

import com.fasterxml.jackson.databind.JsonNode;

/** One SQL function that timeshard carries out on the access node; its stub lives in the home database. */
public interface TimeshardFunction {
    String name();

    /** Carries out the call; returns what the stub returns: an array of row objects, or {"result": value}. */
    JsonNode invoke(CapturedCall call, CallContext context);
}
