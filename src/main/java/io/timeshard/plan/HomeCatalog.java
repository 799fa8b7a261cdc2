package io.timeshard.plan;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** What the planner asks the home database: how PostgreSQL types a query, and what a function is. */
public interface HomeCatalog {
    /** How a function may be used: run anywhere, combined as an aggregate, or only on the access node. */
    enum FunctionKind { PUSHABLE, AGGREGATE, LOCAL_ONLY }

    record Column(String name, int typeOid, int typmod) {
        public Column {
            requireNonNull(name, "name is null");
        }
    }

    /** A statement's result columns and its parameters' types, as PostgreSQL resolved them. */
    record Description(List<Column> columns, List<Integer> parameterTypes) {
        public Description {
            columns = List.copyOf(columns);
            parameterTypes = List.copyOf(parameterTypes);
        }
    }

    /** Describes {@code sql} without running it; throws PostgreSQL's error when it is invalid. */
    Description describe(String sql, List<Integer> parameterTypes);

    /** What the function of this unqualified name is; volatile, user-defined and unknown ones are LOCAL_ONLY. */
    FunctionKind function(String name);

    /** The SQL spelling of a type, e.g. "numeric(6,2)". */
    String typeName(int oid, int typmod);

    /** True when text sorts by its bytes (C collation), so the access node may merge sorted text itself. */
    boolean textSortsByBytes();
}
