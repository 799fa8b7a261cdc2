package io.timeshard.plan;

import io.timeshard.sql.FunctionCalls;
import io.timeshard.sql.SelectQuery.Span;
import io.timeshard.sql.SqlToken;

import java.util.List;

/** A call of an aggregate in a query: its name, its tokens [start, end) and its argument's tokens. */
record AggregateCall(String name, int start, int end, Span argument, boolean star, boolean combinable) {

    static AggregateCall of(FunctionCalls.Call call, List<SqlToken> tokens) {
        int start = call.schema().isPresent() ? call.nameIndex() - 2 : call.nameIndex();
        int end = call.close() + 1;
        Span argument = new Span(call.open() + 1, call.close());
        boolean star = argument.to() - argument.from() == 1 && tokens.get(argument.from()).text().equals("*");
        boolean modified = end < tokens.size() && (tokens.get(end).isKeyword("filter") || tokens.get(end).isKeyword("within")
                || tokens.get(end).isKeyword("over"));
        boolean plainArgument = !argument.isEmpty() && !tokens.get(argument.from()).isKeyword("distinct")
                && !tokens.get(argument.from()).isKeyword("all");
        for (int i = argument.from(); i < argument.to(); i++) {
            SqlToken token = tokens.get(i);
            if (token.depth() == tokens.get(call.open()).depth() + 1 && (token.kind() == SqlToken.Kind.COMMA || token.isKeyword("order"))) {
                plainArgument = false; // several arguments or an ORDER BY inside the call
            }
        }
        boolean combinable = PartialAggregate.COMBINABLE.contains(call.name()) && !modified && plainArgument
                && (call.schema().isEmpty() || call.schema().get().equals("pg_catalog"));
        return new AggregateCall(call.name(), start, end, argument, star, combinable);
    }
}
