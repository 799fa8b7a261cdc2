package io.timeshard.protocol;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** The client messages of the extended and simple query protocols, decoded and re-encodable. */
public final class FrontendMessages {
    private FrontendMessages() {}

    public static final char QUERY = 'Q';
    public static final char PARSE = 'P';
    public static final char BIND = 'B';
    public static final char DESCRIBE = 'D';
    public static final char EXECUTE = 'E';
    public static final char CLOSE = 'C';
    public static final char SYNC = 'S';
    public static final char FLUSH = 'H';
    public static final char TERMINATE = 'X';
    public static final char COPY_DATA = 'd';
    public static final char COPY_DONE = 'c';
    public static final char COPY_FAIL = 'f';
    public static final char FUNCTION_CALL = 'F';
    public static final char PASSWORD = 'p';

    public record Query(String sql) {
        public Query {
            requireNonNull(sql, "sql is null");
        }

        public static Query decode(PgMessage message) {
            return decode(message, ClientEncoding.UTF8);
        }

        public static Query decode(PgMessage message, ClientEncoding encoding) {
            return new Query(message.reader(encoding).readCString());
        }

        public PgMessage encode() {
            return encode(ClientEncoding.UTF8);
        }

        public PgMessage encode(ClientEncoding encoding) {
            return new PayloadWriter(encoding).cString(sql).toMessage(QUERY);
        }
    }

    public record Parse(String statementName, String sql, List<Integer> parameterTypes) {
        public Parse {
            requireNonNull(statementName, "statementName is null");
            requireNonNull(sql, "sql is null");
            parameterTypes = List.copyOf(parameterTypes);
        }

        public static Parse decode(PgMessage message) {
            return decode(message, ClientEncoding.UTF8);
        }

        public static Parse decode(PgMessage message, ClientEncoding encoding) {
            PayloadReader reader = message.reader(encoding);
            String name = reader.readCString();
            String sql = reader.readCString();
            int count = reader.readCount16();
            List<Integer> types = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                types.add(reader.readInt32());
            }
            return new Parse(name, sql, types);
        }

        public PgMessage encode() {
            return encode(ClientEncoding.UTF8);
        }

        public PgMessage encode(ClientEncoding encoding) {
            PayloadWriter writer = new PayloadWriter(encoding).cString(statementName).cString(sql).int16(parameterTypes.size());
            parameterTypes.forEach(writer::int32);
            return writer.toMessage(PARSE);
        }
    }

    /** Bind; parameter values are null for SQL NULL. */
    public record Bind(String portalName, String statementName, List<Short> parameterFormats,
                       List<byte[]> parameters, List<Short> resultFormats) {
        public Bind {
            requireNonNull(portalName, "portalName is null");
            requireNonNull(statementName, "statementName is null");
            parameterFormats = List.copyOf(parameterFormats);
            parameters = java.util.Collections.unmodifiableList(new ArrayList<>(parameters));
            resultFormats = List.copyOf(resultFormats);
        }

        public static Bind decode(PgMessage message) {
            return decode(message, ClientEncoding.UTF8);
        }

        public static Bind decode(PgMessage message, ClientEncoding encoding) {
            PayloadReader reader = message.reader(encoding);
            String portal = reader.readCString();
            String statement = reader.readCString();
            List<Short> parameterFormats = readShorts(reader);
            int count = reader.readCount16();
            List<byte[]> parameters = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                parameters.add(reader.readNullableBytes());
            }
            return new Bind(portal, statement, parameterFormats, parameters, readShorts(reader));
        }

        public PgMessage encode() {
            return encode(ClientEncoding.UTF8);
        }

        public PgMessage encode(ClientEncoding encoding) {
            PayloadWriter writer = new PayloadWriter(encoding).cString(portalName).cString(statementName);
            writer.int16(parameterFormats.size());
            parameterFormats.forEach(writer::int16);
            writer.int16(parameters.size());
            parameters.forEach(writer::nullableBytes);
            writer.int16(resultFormats.size());
            resultFormats.forEach(writer::int16);
            return writer.toMessage(BIND);
        }

        /** The format code of parameter {@code index}: one code applies to all, none means text. */
        public short parameterFormat(int index) {
            return formatAt(parameterFormats, index);
        }

        public short resultFormat(int index) {
            return formatAt(resultFormats, index);
        }

        private static short formatAt(List<Short> formats, int index) {
            if (formats.isEmpty()) {
                return 0;
            }
            return formats.size() == 1 ? formats.get(0) : formats.get(index);
        }

        private static List<Short> readShorts(PayloadReader reader) {
            int count = reader.readCount16();
            List<Short> values = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                values.add(reader.readInt16());
            }
            return values;
        }
    }

    /** Describe or Close: kind 'S' for a prepared statement, 'P' for a portal. */
    public record Target(char kind, String name) {
        public Target {
            requireNonNull(name, "name is null");
        }

        public static Target decode(PgMessage message) {
            return decode(message, ClientEncoding.UTF8);
        }

        public static Target decode(PgMessage message, ClientEncoding encoding) {
            PayloadReader reader = message.reader(encoding);
            char kind = (char) reader.readByte();
            if (kind != 'S' && kind != 'P') {
                throw io.timeshard.error.TimeshardException.of(io.timeshard.error.ErrorCode.PROTOCOL_VIOLATION,
                        "invalid DESCRIBE/CLOSE message subtype " + (int) kind);
            }
            return new Target(kind, reader.readCString());
        }

        public PgMessage encode(char type) {
            return encode(type, ClientEncoding.UTF8);
        }

        public PgMessage encode(char type, ClientEncoding encoding) {
            return new PayloadWriter(encoding).byte1(kind).cString(name).toMessage(type);
        }

        public boolean isStatement() {
            return kind == 'S';
        }
    }

    public record Execute(String portalName, int maxRows) {
        public Execute {
            requireNonNull(portalName, "portalName is null");
        }

        public static Execute decode(PgMessage message) {
            return decode(message, ClientEncoding.UTF8);
        }

        public static Execute decode(PgMessage message, ClientEncoding encoding) {
            PayloadReader reader = message.reader(encoding);
            return new Execute(reader.readCString(), reader.readInt32());
        }

        public PgMessage encode() {
            return new PayloadWriter().cString(portalName).int32(maxRows).toMessage(EXECUTE);
        }
    }

    public static PgMessage sync() {
        return new PgMessage((byte) SYNC, new byte[0]);
    }

    public static PgMessage flush() {
        return new PgMessage((byte) FLUSH, new byte[0]);
    }
}
