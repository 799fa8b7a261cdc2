package io.timeshard.ingest;

import io.timeshard.catalog.Chunk;
import io.timeshard.catalog.Hypertable;
import io.timeshard.catalog.RootTable;
import io.timeshard.cluster.ClientSettings;
import io.timeshard.error.TimeshardException;
import io.timeshard.home.StatementScope;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Ingest of one statement's rows into a distributed hypertable: a COPY stream from the client,
 * or binary rows that the home database evaluated for an INSERT. Rows are framed, routed by their
 * dimension values and streamed to the chunks' replicas, in memory bounded whatever the size.
 * Used by one session thread.
 */
public final class RowStream {
    private final String hypertableName;
    private final RowFormat format;
    private final DimensionReader dimensions;
    private final RowRouter router;
    private final IngestPipeline pipeline;
    private final EncodedRows encoded;
    private byte[] pending = new byte[64 * 1024];
    private int pendingLength;
    private boolean headerDone;
    private boolean ended;
    private long rowNumber;

    private RowStream(StatementScope scope, Supplier<RootTable> root, List<String> columns, CopyFormat copyFormat, Reading reading,
                      Optional<TupleEncoder> encoder, Runnable authorized) {
        Hypertable hypertable = scope.hypertable();
        this.hypertableName = hypertable.tableName();
        this.format = RowFormat.of(copyFormat);
        this.dimensions = new DimensionReader(hypertable, columns, format, reading.zone(), reading.timeFallback());
        this.router = new RowRouter(hypertable, scope.services().chunks(), root);
        // Rows the access node re-encodes travel as binary: the nodes then parse no values.
        CopyFormat sent = encoder.isPresent() ? CopyFormat.BINARY : copyFormat;
        int spaceField = sent.kind() != CopyFormat.Kind.BINARY ? -1
                : hypertable.space().map(space -> columns.indexOf(space.column())).orElse(-1);
        Map<String, String> types = root.get().columns().stream().collect(Collectors.toMap(RootTable.Column::name, RootTable.Column::type));
        CopyTarget target = new CopyTarget(hypertable.tableName(), columns, columns.stream().map(types::get).toList(), sent, reading.settings());
        this.pipeline = new IngestPipeline(scope.remote(), target, spaceField, authorized);
        this.encoded = encoder.map(tuples -> new EncodedRows(hypertable, columns, tuples)).orElse(null);
        this.rowNumber = copyFormat.header() ? 1 : 0;
    }

    /** How text values are read: with the client's settings and time zone, and by PostgreSQL where Java cannot. */
    private record Reading(ClientSettings settings, ZoneId zone, DimensionReader.TextTimeParser timeFallback) {
        /** For rows already in binary, whose values are never read as text. */
        static Reading none(ZoneId zone) {
            return new Reading(new ClientSettings(Map.of()), zone, text -> {
                throw new IllegalStateException("binary rows need no text parsing");
            });
        }
    }

    /**
     * For a client's COPY stream of {@code columns} in {@code copyFormat} into the hypertable of
     * {@code scope}; text and csv rows of columns whose types timeshard can encode ({@code types})
     * are sent on in binary, odd values read by PostgreSQL.
     */
    public static RowStream forCopy(StatementScope scope, Supplier<RootTable> root, List<String> columns, List<String> types,
                                    CopyFormat copyFormat) {
        Optional<TupleEncoder> encoder = copyFormat.kind() == CopyFormat.Kind.BINARY ? Optional.empty()
                : TupleEncoder.of(scope.hypertable().tableName(), columns, types, scope.zone(), scope::binaryInPostgres);
        return new RowStream(scope, root, columns, copyFormat, new Reading(scope.settings(), scope.zone(), scope::parseTimeInPostgres),
                encoder, () -> { });
    }

    /** For binary rows (DataRow payloads) of all {@code columns}. */
    public static RowStream forBinaryRows(StatementScope scope, Supplier<RootTable> root, List<String> columns) {
        RowStream ingest = new RowStream(scope, root, columns, CopyFormat.BINARY, Reading.none(null), Optional.empty(), () -> { });
        ingest.headerDone = true;
        return ingest;
    }

    /**
     * For rows of text values (an INSERT's literals) of all {@code columns}; null when a column's
     * type has no text encoder. {@code authorized} fails when the statement may not write: it is
     * awaited before any row can commit, so that its round trip overlaps the nodes'.
     */
    public static RowStream forTextRows(StatementScope scope, Supplier<RootTable> root, List<String> columns, List<String> types,
                                        Runnable authorized) {
        Optional<TupleEncoder> encoder = TupleEncoder.of(scope.hypertable().tableName(), columns, types, scope.zone(),
                scope::binaryInPostgres);
        if (encoder.isEmpty()) {
            return null;
        }
        RowStream ingest = new RowStream(scope, root, columns, CopyFormat.BINARY, Reading.none(scope.zone()), encoder, authorized);
        ingest.headerDone = true;
        return ingest;
    }

    /** One row of text values, one per column, null for NULL. */
    public void acceptFields(String[] row) {
        rowNumber++;
        long time = encodedTime(row);
        int hash = encoded.hash();
        pipeline.add(router.chunkFor(time, hash), hash, encoded.tuples().buffer(), 0, encoded.tuples().length(), rowNumber);
    }

    private long encodedTime(String[] row) {
        encoded.encode(row, rowNumber);
        return encoded.time();
    }

    /** One CopyData payload: any part of the stream, rows may span payloads. */
    public void acceptCopyData(byte[] data) {
        if (ended) {
            return;
        }
        if (pendingLength + data.length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + data.length));
        }
        System.arraycopy(data, 0, pending, pendingLength, data.length);
        pendingLength += data.length;
        int position = consumeRows(pending, 0, pendingLength);
        System.arraycopy(pending, position, pending, 0, pendingLength - position);
        pendingLength -= position;
    }

    /** One complete binary row. */
    public void acceptRow(byte[] tuple) {
        rowNumber++;
        route(tuple, 0, tuple.length);
    }

    private int consumeRows(byte[] data, int start, int limit) {
        int position = start;
        if (!headerDone) {
            int header = format.headerLength(data, position, limit);
            if (header == RowFormat.INCOMPLETE) {
                return position;
            }
            position += header;
            headerDone = true;
        }
        while (position < limit) {
            int end = format.rowEnd(data, position, limit);
            if (end == RowFormat.INCOMPLETE) {
                break;
            }
            if (end == RowFormat.END_OF_DATA) {
                ended = true;
                return limit;
            }
            rowNumber++;
            route(data, position, end);
            position = end;
        }
        return position;
    }

    private void route(byte[] data, int start, int end) {
        if (encoded != null) {
            routeEncoded(data, start, end);
            return;
        }
        Chunk chunk;
        int hash;
        try {
            hash = dimensions.hash(data, start, end);
            chunk = router.chunkFor(dimensions.time(data, start, end), hash);
        } catch (TimeshardException e) {
            throw e.context().isPresent() ? e : e.withContext("COPY " + hypertableName + ", line " + rowNumber);
        }
        pipeline.add(chunk, hash, data, start, end, rowNumber);
    }

    private void routeEncoded(byte[] data, int start, int end) {
        TupleEncoder tuples = encoded.tuples();
        Chunk chunk;
        int hash;
        try {
            encoded.encode(format, data, start, end, rowNumber);
            hash = encoded.hash();
            chunk = router.chunkFor(encoded.time(), hash);
        } catch (TimeshardException e) {
            throw e.context().isPresent() ? e : e.withContext("COPY " + hypertableName + ", line " + rowNumber);
        }
        pipeline.add(chunk, hash, tuples.buffer(), 0, tuples.length(), rowNumber);
    }

    /** Sends the rest and waits for the nodes; returns the number of rows. */
    public long finish() {
        if (pendingLength > 0 && !ended) {
            if (format instanceof BinaryRowFormat) {
                throw io.timeshard.error.TimeshardException.of(io.timeshard.error.ErrorCode.BAD_COPY_FILE_FORMAT,
                        "unexpected EOF in COPY data").withContext("COPY " + hypertableName + ", line " + (rowNumber + 1));
            }
            // A last line without its newline is still a row.
            byte[] last = Arrays.copyOf(pending, pendingLength + 1);
            last[pendingLength] = '\n';
            pendingLength = 0;
            consumeRows(last, 0, last.length);
        }
        return pipeline.finish();
    }

    public void abort() {
        pipeline.abort();
    }
}
