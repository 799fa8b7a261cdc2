package io.timeshard.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The registry of timeshard functions, and the cheap test for statements that may call one. */
public final class TimeshardFunctions {
    private final Map<String, TimeshardFunction> byName = new LinkedHashMap<>();
    private final Pattern mention;

    /** {@code callers} are stubs without a function of their own that call one of {@code functions}. */
    public TimeshardFunctions(List<TimeshardFunction> functions, List<String> callers) {
        functions.forEach(function -> byName.put(function.name(), function));
        List<String> names = new java.util.ArrayList<>(byName.keySet());
        names.addAll(callers);
        mention = Pattern.compile("(?i)\\b(" + names.stream().map(Pattern::quote).collect(Collectors.joining("|")) + ")\\b\\s*\\(");
    }

    /** True when {@code sql} may call one of the functions; the capture run tells for sure. */
    public boolean mentionedIn(String sql) {
        return !byName.isEmpty() && mention.matcher(sql).find();
    }

    public JsonNode invoke(CapturedCall call, CallContext context) {
        TimeshardFunction function = byName.get(call.function());
        if (function == null) {
            throw TimeshardException.of(ErrorCode.UNDEFINED_OBJECT, "function " + call.function() + " is not known to this access node");
        }
        return function.invoke(call, context);
    }
}
