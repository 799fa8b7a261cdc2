package io.timeshard.protocol;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.protocol.FrontendMessages.Bind;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One statement to run: its text, and for the extended protocol the parameter types it was
 * parsed with and the Bind that gave values and result formats. The simple protocol also
 * wants a RowDescription before rows. {@code encoding} is the client's, which its parameter values are in.
 */
public record StatementRequest(String sql, List<Integer> parameterTypes, Optional<Bind> bind, ClientEncoding encoding) {
    public StatementRequest {
        requireNonNull(sql, "sql is null");
        parameterTypes = List.copyOf(parameterTypes);
        requireNonNull(bind, "bind is null");
        requireNonNull(encoding, "encoding is null");
    }

    public StatementRequest(String sql, List<Integer> parameterTypes, Optional<Bind> bind) {
        this(sql, parameterTypes, bind, ClientEncoding.UTF8);
    }

    public static StatementRequest simple(String sql) {
        return simple(sql, ClientEncoding.UTF8);
    }

    public static StatementRequest simple(String sql, ClientEncoding encoding) {
        return new StatementRequest(sql, List.of(), Optional.empty(), encoding);
    }

    public boolean isSimpleProtocol() {
        return bind.isEmpty();
    }

    public List<byte[]> parameters() {
        return bind.map(Bind::parameters).orElse(List.of());
    }

    public List<Short> parameterFormats() {
        return bind.map(Bind::parameterFormats).orElse(List.of());
    }

    public short resultFormat(int column) {
        return bind.map(b -> b.resultFormat(column)).orElse((short) 0);
    }

    /** Parameter values as PostgreSQL text, for statements sent on with text parameters. */
    public List<String> textParameters() {
        List<String> values = new ArrayList<>();
        List<byte[]> parameters = parameters();
        for (int i = 0; i < parameters.size(); i++) {
            byte[] value = parameters.get(i);
            if (value == null) {
                values.add(null);
            } else if (bind.get().parameterFormat(i) == 0) {
                values.add(encoding.decode(value));
            } else {
                int type = i < parameterTypes.size() ? parameterTypes.get(i) : 0;
                if (!BinaryCodec.supports(type)) {
                    throw TimeshardException.of(ErrorCode.FEATURE_NOT_SUPPORTED,
                            "binary parameter $" + (i + 1) + " of type oid " + type + " cannot be sent to data nodes");
                }
                values.add(BinaryCodec.binaryToText(type, value, encoding));
            }
        }
        return values;
    }
}
