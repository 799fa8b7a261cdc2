package io.timeshard.ingest;

import io.timeshard.cluster.ClientSettings;
import io.timeshard.error.TimeshardException;
import io.timeshard.sql.SqlText;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * What the COPYs into chunks look like: the columns and their types (as format_type spells them),
 * the format the rows are in, and the client settings under which the node must read text values
 * (TimeZone, DateStyle, ...).
 */
record CopyTarget(String hypertableName, List<String> columns, List<String> columnTypes, CopyFormat copyFormat, ClientSettings settings) {
    private static final Pattern CHUNK_LINE = Pattern.compile("COPY (\\S+), line (\\d+)");

    CopyTarget {
        requireNonNull(hypertableName, "hypertableName is null");
        columns = List.copyOf(columns);
        columnTypes = List.copyOf(columnTypes);
        requireNonNull(copyFormat, "copyFormat is null");
        requireNonNull(settings, "settings is null");
    }

    RowFormat format() {
        return RowFormat.of(copyFormat);
    }

    String copyStatement(String qualifiedChunk) {
        return "COPY " + qualifiedChunk + " (" + columns.stream().map(SqlText::identifier).collect(Collectors.joining(", "))
                + ") FROM STDIN WITH " + copyFormat.nodeOptions();
    }

    void prepareSession(Connection connection) throws SQLException {
        if (copyFormat.kind() != CopyFormat.Kind.BINARY) {
            settings.applyTo(connection);
        }
    }

    /** Puts the hypertable's name and the client's row number where the node named its chunk and line. */
    TimeshardException describe(TimeshardException error, ChunkBuffer.Batch batch) {
        TimeshardException named = error.withMessage(error.getMessage().replace(batch.chunk().tableName(), hypertableName));
        String context = error.context().orElse("");
        Matcher matcher = CHUNK_LINE.matcher(context);
        if (!matcher.find()) {
            return named;
        }
        long row = batch.clientRowNumber(Integer.parseInt(matcher.group(2)));
        return named.withContext(matcher.replaceFirst(Matcher.quoteReplacement("COPY " + hypertableName + ", line " + row)));
    }
}
