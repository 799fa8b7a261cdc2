package io.timeshard.home;

import io.timeshard.protocol.StatementRequest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** A statement for the home database with its parameters, as Parse and Bind send them. */
public record BoundStatement(String sql, List<Integer> parameterTypes, List<Short> parameterFormats, List<byte[]> parameters) {
    public BoundStatement {
        requireNonNull(sql, "sql is null");
        parameterTypes = List.copyOf(parameterTypes);
        parameterFormats = List.copyOf(parameterFormats);
        parameters = Collections.unmodifiableList(parameters); // values may be NULL
    }

    /** {@code sql} with text parameters, in the session's encoding. */
    public static BoundStatement ofText(String sql, HomeConnection session, String... textParameters) {
        List<byte[]> parameters = new ArrayList<>();
        for (String parameter : textParameters) {
            parameters.add(parameter == null ? null : session.encoding().encode(parameter));
        }
        return new BoundStatement(sql, List.of(), List.of(), parameters);
    }

    /** {@code sql} with the client's parameters of {@code request}. */
    public static BoundStatement of(String sql, StatementRequest request) {
        return new BoundStatement(sql, request.parameterTypes(), request.parameterFormats(), request.parameters());
    }
}
