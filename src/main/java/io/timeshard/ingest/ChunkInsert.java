package io.timeshard.ingest;

import io.timeshard.catalog.Chunk;
import io.timeshard.cluster.ChunkTables;
import io.timeshard.sql.SqlText;
import org.postgresql.core.BaseConnection;
import org.postgresql.util.PGBinaryObject;
import org.postgresql.util.PGobject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static java.util.Map.entry;

/**
 * A few binary rows into one chunk as one INSERT whose parameters are the rows' binary values, on a
 * connection in autocommit: one round trip to the node where a COPY takes two, and a statement
 * the node prepares once per connection where it reads each COPY anew.
 */
final class ChunkInsert {
    /** Beyond this, a COPY costs the node less than the INSERT's parameters. */
    static final int MAX_ROWS = 16;

    /** A parameter type pgjdbc may send in binary: its name as pgjdbc knows it, and its fixed OID. */
    record SendType(String name, int oid) {}

    /** By the column type's name as format_type spells it, without type modifiers. */
    private static final Map<String, SendType> TYPES = Map.ofEntries(
            entry("smallint", new SendType("int2", 21)), entry("integer", new SendType("int4", 23)),
            entry("bigint", new SendType("int8", 20)), entry("real", new SendType("float4", 700)),
            entry("double precision", new SendType("float8", 701)), entry("numeric", new SendType("numeric", 1700)),
            entry("boolean", new SendType("bool", 16)), entry("uuid", new SendType("uuid", 2950)),
            entry("timestamp with time zone", new SendType("timestamptz", 1184)),
            entry("timestamp without time zone", new SendType("timestamp", 1114)), entry("date", new SendType("date", 1082)),
            entry("text", new SendType("text", 25)), entry("character varying", new SendType("varchar", 1043)),
            entry("bytea", new SendType("bytea", 17)));

    private ChunkInsert() {
    }

    /** The parameter types of binary rows of {@code target}'s columns; empty when a column's type is not among them. */
    static Optional<List<SendType>> types(CopyTarget target) {
        if (target.copyFormat().kind() != CopyFormat.Kind.BINARY) {
            return Optional.empty();
        }
        List<SendType> types = new ArrayList<>();
        for (String type : target.columnTypes()) {
            SendType known = TYPES.get(type.replaceAll("\\(\\d+(,\\d+)?\\)", ""));
            if (known == null) {
                return Optional.empty();
            }
            types.add(known);
        }
        return Optional.of(types);
    }

    /** Inserts the batch's rows (binary tuples) into its chunk; returns how many the node stored. */
    static long insert(Connection connection, CopyTarget target, List<SendType> types, ChunkBuffer.Batch batch) throws SQLException {
        BaseConnection base = connection.unwrap(BaseConnection.class);
        types.forEach(type -> base.getQueryExecutor().addBinarySendOid(type.oid()));
        try (PreparedStatement statement = connection.prepareStatement(sql(target, batch.chunk(), batch.rows()))) {
            byte[] data = batch.data();
            int at = 0;
            int parameter = 1;
            for (int row = 0; row < batch.rows(); row++) {
                int fields = BinaryRowFormat.readShort(data, at);
                at += 2;
                for (int field = 0; field < fields; field++) {
                    int length = BinaryRowFormat.readInt(data, at);
                    at += 4;
                    if (length < 0) {
                        statement.setNull(parameter++, Types.OTHER);
                    } else if (length == 0) {
                        statement.setObject(parameter++, "", Types.OTHER); // pgjdbc would send an empty binary value as NULL
                    } else {
                        statement.setObject(parameter++, new BinaryValue(types.get(field).name(), data, at, length));
                        at += length;
                    }
                }
            }
            return statement.executeUpdate();
        }
    }

    private static String sql(CopyTarget target, Chunk chunk, int rows) {
        String columns = target.columns().stream().map(SqlText::identifier).collect(Collectors.joining(", "));
        String row = "(" + String.join(", ", Collections.nCopies(target.columns().size(), "?")) + ")";
        return "INSERT INTO " + ChunkTables.qualified(chunk) + " (" + columns + ") VALUES " + String.join(", ", Collections.nCopies(rows, row));
    }

    /** One value in PostgreSQL's binary format, which pgjdbc sends as it is. */
    private static final class BinaryValue extends PGobject implements PGBinaryObject {
        private final byte[] bytes;

        BinaryValue(String type, byte[] data, int start, int length) {
            setType(type);
            bytes = java.util.Arrays.copyOfRange(data, start, start + length);
        }

        @Override
        public void setByteValue(byte[] value, int offset) {
            throw new UnsupportedOperationException("a value to send only");
        }

        @Override
        public int lengthInBytes() {
            return bytes.length;
        }

        @Override
        public void toBytes(byte[] target, int offset) {
            System.arraycopy(bytes, 0, target, offset, bytes.length);
        }
    }
}
