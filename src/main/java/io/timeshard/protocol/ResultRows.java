package io.timeshard.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sends rows to the client in the formats it asked for: text values as data nodes printed them,
 * or binary encoded from that text. In the simple protocol the RowDescription goes first.
 */
public final class ResultRows {
    private final ClientChannel client;
    private final StatementRequest request;
    private final int[] typeOids;

    private ResultRows(ClientChannel client, StatementRequest request, int[] typeOids) {
        this.client = client;
        this.request = request;
        this.typeOids = typeOids;
    }

    /** Starts a result described by {@code description} (a RowDescription from the home database). */
    public static ResultRows start(ClientChannel client, StatementRequest request, PgMessage description) {
        PayloadReader reader = description.reader();
        int count = reader.readCount16();
        int[] oids = new int[count];
        for (int i = 0; i < count; i++) {
            reader.readCString();
            reader.readInt32();
            reader.readInt16();
            oids[i] = reader.readInt32();
            reader.readInt16();
            reader.readInt32();
            reader.readInt16();
        }
        if (request.isSimpleProtocol()) {
            client.send(description);
        }
        return new ResultRows(client, request, oids);
    }

    /** The RowDescription with each column in the result format a Bind asked for. */
    public static PgMessage withFormats(PgMessage description, FrontendMessages.Bind bind, ClientEncoding encoding) {
        PayloadReader reader = description.reader(encoding);
        int count = reader.readCount16();
        List<ColumnDescription> columns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            columns.add(new ColumnDescription(reader.readCString(), reader.readInt32(), reader.readInt16(),
                    reader.readInt32(), reader.readInt16(), reader.readInt32(), reader.readInt16()).withFormat(bind.resultFormat(i)));
        }
        return BackendMessages.rowDescription(columns, encoding);
    }

    public static Optional<ResultRows> startIfRows(ClientChannel client, StatementRequest request, Optional<PgMessage> description) {
        return description.map(message -> start(client, request, message));
    }

    public void send(List<String> values) {
        List<byte[]> encoded = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value == null) {
                encoded.add(null);
            } else if (request.resultFormat(i) == 1) {
                encoded.add(BinaryCodec.textToBinary(typeOids[i], value, request.encoding()));
            } else {
                encoded.add(request.encoding().encode(value));
            }
        }
        client.send(BackendMessages.dataRow(encoded));
    }
}
