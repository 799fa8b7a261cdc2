package io.timeshard.ingest;

import io.timeshard.catalog.RootTable;
import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.home.StatementScope;
import io.timeshard.protocol.BackendMessages;
import io.timeshard.protocol.ClientEncoding;
import io.timeshard.protocol.FrontendMessages;
import io.timeshard.protocol.PayloadReader;
import io.timeshard.protocol.PayloadWriter;
import io.timeshard.protocol.PgMessage;
import io.timeshard.sql.CopyStatement;

import java.util.List;
import java.util.Optional;

/** COPY hypertable FROM STDIN: the client's rows streamed to the chunks, in bounded memory. */
final class CopyIntoHypertable {
    private CopyIntoHypertable() {}

    static void run(StatementScope scope, RootTable root) {
        if (!scope.request().isSimpleProtocol()) {
            throw TimeshardException.of(ErrorCode.FEATURE_NOT_SUPPORTED, "COPY into a distributed hypertable needs the simple query protocol");
        }
        CopyStatement copy = CopyStatement.parse(scope.statement().sql()).orElseThrow(() -> TimeshardException.of(
                ErrorCode.FEATURE_NOT_SUPPORTED, "this form of COPY is not supported on distributed hypertables"));
        if (!copy.fromStdin()) {
            throw TimeshardException.of(ErrorCode.FEATURE_NOT_SUPPORTED, "COPY into a distributed hypertable reads from STDIN only")
                    .withHint("Use psql's \\copy to send a file from the client.");
        }
        List<String> columns = copy.columns().isEmpty() ? root.columnNames() : copy.columns();
        for (String column : columns) {
            if (root.column(column).isEmpty()) {
                throw TimeshardException.fromPostgres("42703", "column \"" + column + "\" of relation \"" + scope.hypertable().tableName()
                        + "\" does not exist", null, null, null);
            }
        }
        CopyFormat format = CopyFormat.fromOptions(copy.options());
        Optional<ClientEncoding.Utf8Stream> conversion = conversion(copy, format, scope.home().encoding());
        List<String> types = columns.stream().map(column -> root.column(column).orElseThrow().type()).toList();
        RowStream ingest = RowStream.forCopy(scope, () -> root, columns, types, format);
        sendCopyInResponse(scope, format, columns.size());
        long rows;
        try {
            receive(scope, ingest, conversion);
            rows = ingest.finish();
        } catch (RuntimeException e) {
            ingest.abort();
            throw e;
        }
        scope.client().send(BackendMessages.commandComplete("COPY " + rows));
    }

    private static void sendCopyInResponse(StatementScope scope, CopyFormat format, int columns) {
        int code = format.kind() == CopyFormat.Kind.BINARY ? 1 : 0;
        PayloadWriter response = new PayloadWriter().byte1(code).int16(columns);
        for (int i = 0; i < columns; i++) {
            response.int16(code);
        }
        scope.client().send(response.toMessage(BackendMessages.COPY_IN_RESPONSE));
        scope.client().flush();
    }

    /**
     * The conversion of the client's data to UTF-8, which rows are parsed in: from the ENCODING
     * option or else the client_encoding, as PostgreSQL reads them. Binary rows carry text values in
     * the client_encoding inside them; timeshard forwards those only in UTF8.
     */
    private static Optional<ClientEncoding.Utf8Stream> conversion(CopyStatement copy, CopyFormat format, ClientEncoding clientEncoding) {
        if (format.kind() == CopyFormat.Kind.BINARY) {
            if (!clientEncoding.isUtf8()) {
                throw TimeshardException.of(ErrorCode.FEATURE_NOT_SUPPORTED, "COPY in binary format into a distributed hypertable needs "
                        + "client_encoding UTF8, not \"" + clientEncoding.name() + "\"");
            }
            return Optional.empty();
        }
        String option = copy.options().get("encoding");
        ClientEncoding encoding = option == null ? clientEncoding : ClientEncoding.find(option).orElseThrow(() -> TimeshardException.of(
                ErrorCode.INVALID_PARAMETER_VALUE, "argument to option \"encoding\" must be a valid encoding name"));
        return encoding.isUtf8() ? Optional.empty() : Optional.of(encoding.toUtf8Stream());
    }

    /** Feeds CopyData to the ingest until CopyDone; after a failure, reads on to the end of the client's data. */
    private static void receive(StatementScope scope, RowStream ingest, Optional<ClientEncoding.Utf8Stream> conversion) {
        try {
            while (true) {
                PgMessage message = next(scope);
                switch (message.typeChar()) {
                    case FrontendMessages.COPY_DATA -> ingest.acceptCopyData(conversion.isEmpty() ? message.payload()
                            : converted(scope, conversion.get(), stream -> stream.convert(message.payload())));
                    case FrontendMessages.COPY_DONE -> {
                        conversion.ifPresent(stream -> converted(scope, stream, last -> {
                            last.finish();
                            return null;
                        }));
                        return;
                    }
                    case FrontendMessages.COPY_FAIL -> throw TimeshardException.of(ErrorCode.QUERY_CANCELED,
                            "COPY from stdin failed: " + new PayloadReader(message.payload()).readCString());
                    case FrontendMessages.FLUSH, FrontendMessages.SYNC -> { }
                    default -> throw TimeshardException.of(ErrorCode.PROTOCOL_VIOLATION,
                            "unexpected message type 0x" + Integer.toHexString(message.typeChar()) + " during COPY from stdin");
                }
            }
        } catch (TimeshardException e) {
            if (e.code() != ErrorCode.QUERY_CANCELED && e.code() != ErrorCode.PROTOCOL_VIOLATION) {
                skipRest(scope);
            }
            throw e;
        }
    }

    /** A step of the conversion; its errors name the line, as PostgreSQL's do. */
    private static byte[] converted(StatementScope scope, ClientEncoding.Utf8Stream stream,
                                    java.util.function.Function<ClientEncoding.Utf8Stream, byte[]> step) {
        try {
            return step.apply(stream);
        } catch (TimeshardException e) {
            throw e.withContext("COPY " + scope.hypertable().tableName() + ", line " + stream.line());
        }
    }

    private static void skipRest(StatementScope scope) {
        while (true) {
            char type = next(scope).typeChar();
            if (type == FrontendMessages.COPY_DONE || type == FrontendMessages.COPY_FAIL) {
                return;
            }
        }
    }

    private static PgMessage next(StatementScope scope) {
        PgMessage message = scope.client().read();
        if (message == null) {
            throw TimeshardException.of(ErrorCode.CONNECTION_FAILURE, "client disconnected during COPY");
        }
        return message;
    }
}
