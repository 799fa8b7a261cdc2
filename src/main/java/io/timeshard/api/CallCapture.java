package io.timeshard.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timeshard.home.HomeConnection;
import io.timeshard.protocol.FrontendMessages.Bind;
import io.timeshard.protocol.TransactionStatus;

import java.util.List;
import java.util.Optional;

/**
 * Carries out calls of timeshard functions (add_data_node, ...) before the statement that makes
 * them runs. The statement is first run in a transaction that is always rolled back, with
 * {@code timeshard.capturing} on: each stub it reaches reports its arguments, as PostgreSQL resolved
 * them (named, positional, defaults, parameters, casts), in a NOTICE. We carry the calls out and leave
 * their results in {@code timeshard.call_results}; when the statement then runs for real, the stubs
 * return those results, so every shape of call works as PostgreSQL would run it.
 */
final class CallCapture {
    private final HomeConnection home;
    private final TimeshardFunctions functions;
    private final String user;

    CallCapture(HomeConnection home, TimeshardFunctions functions, String user) {
        this.home = home;
        this.functions = functions;
        this.user = user;
    }

    /** Carries out the calls {@code sql} makes, with the client's parameters when it was bound. */
    void prepare(String sql, List<Integer> parameterTypes, Bind bind) {
        if (home.status() == TransactionStatus.FAILED) {
            return; // the statement will fail with "current transaction is aborted" on its own
        }
        ObjectNode results = JsonNodeFactory.instance.objectNode();
        for (CapturedCall call : dryRun(sql, parameterTypes, bind)) {
            results.set(call.key(), functions.invoke(call, new CallContext(user, home.status(), home::query)));
        }
        home.query("SELECT set_config('timeshard.call_results', $1, false)", results.toString());
    }

    /** The calls the statement makes; none when it failed, so that the real run reports the failure. */
    private List<CapturedCall> dryRun(String sql, List<Integer> parameterTypes, Bind bind) {
        boolean inTransaction = home.status() == TransactionStatus.IN_TRANSACTION;
        home.query(inTransaction ? "SAVEPOINT _timeshard_capture" : "BEGIN");
        home.query("SELECT set_config('timeshard.capturing', 'on', true), set_config('client_min_messages', 'notice', true)");
        HomeConnection.Outcome outcome = bind == null
                ? home.execute(sql, parameterTypes, List.of(), List.of())
                : home.execute(sql, parameterTypes, bind.parameterFormats(), bind.parameters());
        if (inTransaction) {
            home.query("ROLLBACK TO SAVEPOINT _timeshard_capture");
            home.query("RELEASE SAVEPOINT _timeshard_capture");
        } else {
            home.query("ROLLBACK");
        }
        if (outcome.error() != null) {
            return List.of();
        }
        return outcome.notices().stream().map(CapturedCall::from).flatMap(Optional::stream).toList();
    }
}
