package io.timeshard.plan;

import io.timeshard.exec.SortKey;
import io.timeshard.plan.HomeCatalog.Column;
import io.timeshard.plan.HomeCatalog.Description;
import io.timeshard.sql.SelectQuery;
import io.timeshard.sql.SelectQuery.Span;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What the planner learnt about a query once, before any chunk is chosen: how PostgreSQL types it,
 * why it must run at home if it must, its group keys and aggregates, and how its rows sort. Kept
 * per statement text, so that a repeated query is planned without asking the home database again.
 */
public record QueryShape(SelectQuery query, Description description, List<String> parameterTypeNames, Optional<String> localReason,
                         List<TimeConstant> constants, boolean aggregated, List<Span> keys, boolean groupsBySpace, boolean groupsByTime,
                         List<AggregateCall> aggregates, List<Integer> argumentTypes, Optional<List<String>> partialTypes,
                         List<SortKey> sortKeys, List<Span> hiddenSorts, List<String> nodeColumnTypes, boolean mergeable) {

    /** now(), current_date ...: tokens [start, end) replaced by the access node's value of type {@code type}. */
    public record TimeConstant(int start, int end, String type) {}


    public QueryShape {
        requireNonNull(query, "query is null");
        requireNonNull(description, "description is null");
        parameterTypeNames = List.copyOf(parameterTypeNames);
        constants = List.copyOf(constants);
        keys = List.copyOf(keys);
        aggregates = List.copyOf(aggregates);
        argumentTypes = List.copyOf(argumentTypes);
        sortKeys = List.copyOf(sortKeys);
        hiddenSorts = List.copyOf(hiddenSorts);
        nodeColumnTypes = List.copyOf(nodeColumnTypes);
    }

    /** The same shape with its aggregates' argument types and partial states' types. */
    QueryShape withPartial(List<Integer> newArgumentTypes, Optional<List<String>> newPartialTypes) {
        return new QueryShape(query, description, parameterTypeNames, localReason, constants, aggregated, keys, groupsBySpace, groupsByTime,
                aggregates, newArgumentTypes, newPartialTypes, sortKeys, hiddenSorts, nodeColumnTypes, mergeable);
    }

    /** The same shape with how the nodes' rows sort: merge keys, hidden sort columns and the types of the nodes' columns. */
    QueryShape withSorting(List<SortKey> newSortKeys, List<Span> newHiddenSorts, List<String> newNodeColumnTypes, boolean newMergeable) {
        return new QueryShape(query, description, parameterTypeNames, localReason, constants, aggregated, keys, groupsBySpace, groupsByTime,
                aggregates, argumentTypes, partialTypes, newSortKeys, newHiddenSorts, newNodeColumnTypes, newMergeable);
    }

    /** The same shape, to be run by the fallback for {@code reason}. */
    QueryShape localOnly(String reason) {
        return new QueryShape(query, description, parameterTypeNames, Optional.of(reason), constants, aggregated, keys, groupsBySpace,
                groupsByTime, aggregates, argumentTypes, partialTypes, List.of(), List.of(), List.of(), false);
    }

    /** True when every aggregate splits into partial states that combine exactly. */
    public boolean combinable() {
        return partialTypes.isPresent();
    }

    List<Column> outputColumns() {
        return description.columns();
    }
}
