package io.timeshard.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.protocol.ErrorFields;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A call of a timeshard function, as its stub in the home database reported it in a NOTICE:
 * PostgreSQL resolved the arguments (named, positional, defaults, parameters, casts).
 */
public record CapturedCall(String key, String function, JsonNode arguments) {
    /** The SQLSTATE of the NOTICE with which a stub hands a call to the access node. */
    public static final String CAPTURE_SQLSTATE = "TSCAP";
    private static final ObjectMapper JSON = new ObjectMapper();

    public CapturedCall {
        requireNonNull(key, "key is null");
        requireNonNull(function, "function is null");
        requireNonNull(arguments, "arguments is null");
    }

    public static Optional<CapturedCall> from(ErrorFields notice) {
        if (!CAPTURE_SQLSTATE.equals(notice.sqlState())) {
            return Optional.empty();
        }
        try {
            JsonNode call = JSON.readTree(notice.get(ErrorFields.DETAIL));
            return Optional.of(new CapturedCall(call.get("key").asText(), call.get("function").asText(), call.get("arguments")));
        } catch (Exception e) {
            throw TimeshardException.of(ErrorCode.INTERNAL_ERROR, "unreadable call of a timeshard function: " + notice.message(), e);
        }
    }

    public Optional<String> text(String argument) {
        JsonNode value = arguments.get(argument);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    public String requiredText(String argument) {
        return text(argument).orElseThrow(() -> TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE,
                "invalid " + argument + ": cannot be NULL").withHint(function + "() needs a value for " + argument + "."));
    }

    public Optional<Integer> integer(String argument) {
        return text(argument).map(Integer::valueOf);
    }

    public Optional<Boolean> bool(String argument) {
        JsonNode value = arguments.get(argument);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asBoolean());
    }

    public boolean flag(String argument, boolean defaultValue) {
        return bool(argument).orElse(defaultValue);
    }
}
