package io.timeshard.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.timeshard.cluster.ClusterServices;
import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.home.HomeConnection;
import io.timeshard.protocol.FrontendMessages.Bind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * timeshard's SQL functions: the registry of them, the cheap test for statements that may call one,
 * and the carrying out of the calls a statement makes (see {@link CallCapture}).
 */
public final class TimeshardFunctions {
    private final Map<String, TimeshardFunction> byName = new LinkedHashMap<>();
    private final Pattern mention;

    /** Every function of this access node over {@code services}. */
    public static TimeshardFunctions of(ClusterServices services) {
        List<TimeshardFunction> all = new ArrayList<>(DataNodeFunctions.all(services.administration()));
        all.add(new HypertableCreation(services.catalog(), services.hypertables(), services.registry()));
        all.addAll(new HypertableFunctions(services).all());
        all.addAll(new ChunkMoveFunctions(services).all());
        all.addAll(new RebalanceFunctions(services).all());
        all.add(new DistributedExec(services.catalog(), services.connections(), services.routing(), services.homePool()));
        return new TimeshardFunctions(all, List.of("create_hypertable"));
    }

    /** {@code callers} are stubs without a function of their own that call one of {@code functions}. */
    TimeshardFunctions(List<TimeshardFunction> functions, List<String> callers) {
        functions.forEach(function -> byName.put(function.name(), function));
        List<String> names = new ArrayList<>(byName.keySet());
        names.addAll(callers);
        mention = Pattern.compile("(?i)\\b(" + names.stream().map(Pattern::quote).collect(Collectors.joining("|")) + ")\\b\\s*\\(");
    }

    /** True when {@code sql} may call one of the functions; the capture run tells for sure. */
    public boolean mentionedIn(String sql) {
        return !byName.isEmpty() && mention.matcher(sql).find();
    }

    /**
     * Carries out the calls {@code sql} makes, in {@code user}'s home session, before the statement
     * runs for real; {@code bind} gives the client's parameters, null when the statement was not bound.
     */
    public void carryOutCalls(HomeConnection home, String user, String sql, List<Integer> parameterTypes, Bind bind) {
        new CallCapture(home, this, user).prepare(sql, parameterTypes, bind);
    }

    JsonNode invoke(CapturedCall call, CallContext context) {
        TimeshardFunction function = byName.get(call.function());
        if (function == null) {
            throw TimeshardException.of(ErrorCode.UNDEFINED_OBJECT, "function " + call.function() + " is not known to this access node");
        }
        return function.invoke(call, context);
    }
}
