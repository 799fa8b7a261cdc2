package io.timeshard.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.timeshard.cluster.ClusterServices;
import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.home.HomeConnection;
import io.timeshard.protocol.FrontendMessages.Bind;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * timeshard's SQL functions: the registry of them, the cheap test for statements that may call one,
 * and the carrying out of the calls a statement makes (see {@link CallCapture}).
 */
public final class TimeshardFunctions {
    private final Map<String, TimeshardFunction> byName = new LinkedHashMap<>();
    /** The lower-case names a call may use: the functions' and their callers'. */
    private final Set<String> mentionable;

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
        Set<String> names = new HashSet<>();
        byName.keySet().forEach(name -> names.add(name.toLowerCase(Locale.ROOT)));
        callers.forEach(name -> names.add(name.toLowerCase(Locale.ROOT)));
        mentionable = Set.copyOf(names);
    }

    /**
     * True when {@code sql} may call one of the functions: one of their names, in any case, quoted
     * or not, stands before a parenthesis. The capture run tells for sure. Every statement passes
     * here, so it looks only at the words before each parenthesis.
     */
    public boolean mentionedIn(String sql) {
        if (byName.isEmpty()) {
            return false;
        }
        for (int open = sql.indexOf('('); open >= 0; open = sql.indexOf('(', open + 1)) {
            int end = open;
            while (end > 0 && Character.isWhitespace(sql.charAt(end - 1))) {
                end--;
            }
            if (end > 0 && sql.charAt(end - 1) == '"') {
                end--;
            }
            int start = end;
            while (start > 0 && isNameCharacter(sql.charAt(start - 1))) {
                start--;
            }
            if (start < end && mentionable.contains(sql.substring(start, end).toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNameCharacter(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
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
