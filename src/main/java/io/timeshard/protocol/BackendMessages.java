package io.timeshard.protocol;

import io.timeshard.error.TimeshardException;

import java.nio.ByteBuffer;
import java.util.List;

/** Encoders for the server messages timeshard produces itself. */
public final class BackendMessages {
    private BackendMessages() {}

    public static final char AUTHENTICATION = 'R';
    public static final char PARAMETER_STATUS = 'S';
    public static final char BACKEND_KEY_DATA = 'K';
    public static final char READY_FOR_QUERY = 'Z';
    public static final char ROW_DESCRIPTION = 'T';
    public static final char DATA_ROW = 'D';
    public static final char COMMAND_COMPLETE = 'C';
    public static final char EMPTY_QUERY = 'I';
    public static final char ERROR_RESPONSE = 'E';
    public static final char NOTICE_RESPONSE = 'N';
    public static final char PARSE_COMPLETE = '1';
    public static final char BIND_COMPLETE = '2';
    public static final char CLOSE_COMPLETE = '3';
    public static final char NO_DATA = 'n';
    public static final char PARAMETER_DESCRIPTION = 't';
    public static final char PORTAL_SUSPENDED = 's';
    public static final char COPY_IN_RESPONSE = 'G';
    public static final char COPY_OUT_RESPONSE = 'H';
    public static final char COPY_BOTH_RESPONSE = 'W';
    public static final char COPY_DATA = 'd';
    public static final char COPY_DONE = 'c';
    public static final char NOTIFICATION = 'A';

    public static PgMessage authenticationOk() {
        return new PayloadWriter().int32(0).toMessage(AUTHENTICATION);
    }

    public static PgMessage parameterStatus(String name, String value) {
        return new PayloadWriter().cString(name).cString(value).toMessage(PARAMETER_STATUS);
    }

    public static PgMessage backendKeyData(int processId, int secretKey) {
        return new PayloadWriter().int32(processId).int32(secretKey).toMessage(BACKEND_KEY_DATA);
    }

    public static PgMessage readyForQuery(TransactionStatus status) {
        return new PayloadWriter().byte1(status.code()).toMessage(READY_FOR_QUERY);
    }

    public static PgMessage rowDescription(List<ColumnDescription> columns) {
        return rowDescription(columns, ClientEncoding.UTF8);
    }

    public static PgMessage rowDescription(List<ColumnDescription> columns, ClientEncoding encoding) {
        PayloadWriter writer = new PayloadWriter(encoding).int16(columns.size());
        for (ColumnDescription column : columns) {
            writer.cString(column.name()).int32(column.tableOid()).int16(column.columnNumber())
                    .int32(column.typeOid()).int16(column.typeSize()).int32(column.typeModifier())
                    .int16(column.format());
        }
        return writer.toMessage(ROW_DESCRIPTION);
    }

    /** Written into a payload of its exact size: rows are the bulk of what a client receives. */
    public static PgMessage dataRow(List<byte[]> values) {
        int length = 2;
        for (byte[] value : values) {
            length += 4 + (value == null ? 0 : value.length);
        }
        ByteBuffer payload = ByteBuffer.allocate(length).putShort((short) values.size());
        for (byte[] value : values) {
            if (value == null) {
                payload.putInt(-1);
            } else {
                payload.putInt(value.length).put(value);
            }
        }
        return new PgMessage((byte) DATA_ROW, payload.array());
    }

    public static PgMessage commandComplete(String tag) {
        return new PayloadWriter().cString(tag).toMessage(COMMAND_COMPLETE);
    }

    public static PgMessage error(TimeshardException error) {
        return error(error, ClientEncoding.UTF8);
    }

    public static PgMessage error(TimeshardException error, ClientEncoding encoding) {
        return ErrorFields.of("ERROR", error).encode(ERROR_RESPONSE, encoding);
    }

    public static PgMessage fatal(TimeshardException error) {
        return ErrorFields.of("FATAL", error).encode(ERROR_RESPONSE);
    }

    public static PgMessage empty(char type) {
        return new PgMessage((byte) type, new byte[0]);
    }
}
