package io.timeshard.api;

import com.fasterxml.jackson.databind.JsonNode;

/** Makes a {@link TimeshardFunction} from a name and a body. */
final class Functions {
    private Functions() {}

    interface Body {
        JsonNode invoke(CapturedCall call, CallContext context);
    }

    static TimeshardFunction of(String name, Body body) {
        return new TimeshardFunction() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public JsonNode invoke(CapturedCall call, CallContext context) {
                return body.invoke(call, context);
            }
        };
    }
}
