package io.timeshard.ingest;

import io.timeshard.catalog.Chunk;
import io.timeshard.catalog.Hypertable;
import io.timeshard.catalog.RootTable;
import io.timeshard.cluster.ChunkTables;
import io.timeshard.error.TimeshardException;
import io.timeshard.home.BoundStatement;
import io.timeshard.home.HomeConnection;
import io.timeshard.home.StatementScope;
import io.timeshard.partition.SpaceHash;
import io.timeshard.partition.SpaceType;
import io.timeshard.partition.TimeType;
import io.timeshard.partition.TimeValues;
import io.timeshard.protocol.BackendMessages;
import io.timeshard.protocol.ErrorFields;
import io.timeshard.protocol.ResultRows;
import io.timeshard.protocol.StatementRequest;
import io.timeshard.protocol.TransactionStatus;
import io.timeshard.sql.InsertParts;
import io.timeshard.sql.JdbcPlaceholders;
import io.timeshard.sql.SqlText;
import io.timeshard.txn.NodeStatements;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * INSERT into a hypertable. The home database evaluates the rows through a staging table (so
 * values, defaults and constraints are exactly PostgreSQL's); plain inserts then stream to the
 * chunks by COPY, while ON CONFLICT and RETURNING go as batched multi-row INSERTs per chunk.
 */
final class InsertIntoHypertable {
    private static final int MAX_BIND_PARAMETERS = 65_535;
    private static final int DEFAULT_BATCH_SIZE = 1000;

    private final StatementScope scope;
    private final InsertParts parts;
    private final RootTable root;
    private final Hypertable hypertable;

    private final StatementScope.PrivilegeCheck privileges;

    private InsertIntoHypertable(StatementScope scope, InsertParts parts, RootTable root, StatementScope.PrivilegeCheck privileges) {
        this.scope = scope;
        this.parts = parts;
        this.root = root;
        this.hypertable = scope.hypertable();
        this.privileges = privileges;
    }

    /** {@code privileges}: the check under way, which must pass before any row leaves the access node. */
    static void run(StatementScope scope, RootTable root, StagingTables staging, StatementScope.PrivilegeCheck privileges) {
        InsertParts parts = InsertParts.of(scope.statement());
        InsertIntoHypertable insert = new InsertIntoHypertable(scope, parts, root, privileges);
        if (parts.onConflict().isEmpty() && parts.returning().isEmpty() && insert.insertLiterals()) {
            return;
        }
        insert.insert(staging.prepare(scope.home(), scope.hypertable(), root));
    }

    /**
     * The fast path for VALUES lists of plain literals and parameters: the values are read as the
     * columns' input functions would read them and sent on in binary; nothing passes through the
     * home database. False (nothing done) when the statement needs PostgreSQL to evaluate it.
     */
    private boolean insertLiterals() {
        OptionalLong now = scope.home().status() == TransactionStatus.IDLE ? OptionalLong.of(TimeValues.microsNow()) : OptionalLong.empty();
        Optional<List<String[]>> rows = LiteralRows.parse(parts, root, scope.request(), scope.zone(), now);
        if (rows.isEmpty()) {
            return false;
        }
        List<String> columns = root.columnNames();
        List<String> types = root.columns().stream().map(RootTable.Column::type).toList();
        RowStream ingest = RowStream.forTextRows(scope, () -> root, columns, types, privileges::require);
        if (ingest == null) {
            return false;
        }
        long count;
        try {
            for (String[] row : rows.get()) {
                ingest.acceptFields(row);
            }
            count = ingest.finish();
        } catch (RuntimeException e) {
            ingest.abort();
            throw e;
        }
        scope.client().send(BackendMessages.commandComplete("INSERT 0 " + count));
        return true;
    }

    private void insert(StagingTables.Staging staging) {
        String stagingTable = staging.table();
        String allColumns = root.columns().stream().map(column -> SqlText.identifier(column.name())).collect(Collectors.joining(", "));
        String staged = "INSERT INTO " + stagingTable + " " + parts.columnList().orElse("") + " " + parts.source() + " RETURNING " + allColumns;
        StatementRequest request = scope.request();
        long rows;
        // Binary rows would carry text values in the client's encoding; text rows are converted here.
        if (parts.onConflict().isEmpty() && parts.returning().isEmpty() && scope.home().encoding().isUtf8()) {
            RowStream ingest = RowStream.forBinaryRows(scope, () -> root, root.columnNames());
            try {
                // The privilege check and the staging table's statements went ahead in the same round trip.
                HomeConnection.Outcome outcome = scope.home().stream(BoundStatement.of(staged, request), (short) 1, row -> {
                    privileges.require();
                    ingest.acceptRow(row.payload());
                });
                privileges.require();
                staging.requireReady();
                failOn(outcome.error());
                rows = ingest.finish();
            } catch (RuntimeException e) {
                ingest.abort();
                throw e;
            }
        } else {
            privileges.require();
            staging.requireReady();
            rows = insertInBatches(staged);
        }
        scope.client().send(BackendMessages.commandComplete("INSERT 0 " + rows));
    }

    private void failOn(ErrorFields error) {
        if (error != null) {
            TimeshardException exception = StatementScope.fromHome(error);
            throw exception.withMessage(exception.getMessage().replace(StagingTables.name(hypertable), hypertable.tableName()));
        }
    }

    /** ON CONFLICT / RETURNING: multi-row INSERTs per chunk, at most max_insert_batch_size rows and 65,535 parameters each. */
    private long insertInBatches(String staged) {
        StatementRequest request = scope.request();
        Optional<ResultRows> results = parts.returning().isEmpty() ? Optional.empty()
                : ResultRows.startIfRows(scope.client(), request, scope.home().describe(scope.statement().sql(), request.parameterTypes()));
        Batcher batcher = new Batcher(batchSize(), results, request.textParameters());
        HomeConnection.Outcome outcome = scope.home().stream(BoundStatement.of(staged, request), (short) 0,
                row -> batcher.add(scope.home().textRow(row)));
        failOn(outcome.error());
        return batcher.finish();
    }

    private int batchSize() {
        int configured = DEFAULT_BATCH_SIZE;
        String setting = scope.home().query("SELECT current_setting('timescaledb.max_insert_batch_size', true)").get(0).get(0);
        if (setting != null && !setting.isBlank()) {
            configured = Math.max(1, Integer.parseInt(setting.trim()));
        }
        int parameterBound = Math.max(1, (MAX_BIND_PARAMETERS - 1000) / Math.max(1, root.columns().size()));
        return Math.min(configured, parameterBound);
    }

    /** Collects evaluated rows per chunk and sends full batches. */
    private final class Batcher {
        private final int batchSize;
        private final Optional<ResultRows> results;
        private final List<String> clientParameters;
        private final NodeStatements nodes;
        private final Map<Integer, List<List<String>>> byChunk = new LinkedHashMap<>();
        private final Map<Integer, Chunk> chunks = new LinkedHashMap<>();
        private final TimeType timeType = TimeType.fromTypeName(hypertable.time().type()).orElseThrow();
        private final int timeIndex = root.columnNames().indexOf(hypertable.time().column());
        private final int spaceIndex = hypertable.space().map(space -> root.columnNames().indexOf(space.column())).orElse(-1);
        private long rows;

        Batcher(int batchSize, Optional<ResultRows> results, List<String> clientParameters) {
            this.batchSize = batchSize;
            this.results = results;
            this.clientParameters = clientParameters;
            this.nodes = new NodeStatements(scope.remote(), scope.settings());
        }

        void add(List<String> row) {
            Chunk chunk = scope.services().chunks().chunkFor(hypertable, time(row.get(timeIndex)), hash(row), () -> root);
            chunks.put(chunk.id(), chunk);
            List<List<String>> batch = byChunk.computeIfAbsent(chunk.id(), id -> new ArrayList<>());
            batch.add(row);
            if (batch.size() >= batchSize) {
                send(chunk, batch);
                batch.clear();
            }
        }

        private long time(String text) {
            OptionalLong parsed = scope.zone() == null ? OptionalLong.empty() : TimeValues.parseText(timeType, text, scope.zone());
            return parsed.isPresent() ? parsed.getAsLong() : scope.parseTimeInPostgres(text);
        }

        private int hash(List<String> row) {
            if (spaceIndex < 0 || row.get(spaceIndex) == null) {
                return 0;
            }
            SpaceType type = SpaceType.fromTypeName(hypertable.space().orElseThrow().type()).orElseThrow();
            return SpaceHash.ofText(type, row.get(spaceIndex));
        }

        private void send(Chunk chunk, List<List<String>> batch) {
            String columns = root.columns().stream().map(column -> SqlText.identifier(column.name())).collect(Collectors.joining(", "));
            String placeholders = "(" + String.join(", ", java.util.Collections.nCopies(root.columns().size(), "?")) + ")";
            JdbcPlaceholders suffix = JdbcPlaceholders.of(parts.onConflict().orElse("") + " " + parts.returning().orElse(""));
            String sql = "INSERT INTO " + ChunkTables.qualified(chunk) + " AS "
                    + SqlText.identifier(parts.alias().orElse(hypertable.tableName())) + " (" + columns + ") VALUES "
                    + String.join(", ", java.util.Collections.nCopies(batch.size(), placeholders)) + " " + suffix.sql();
            List<String> values = new ArrayList<>(batch.size() * root.columns().size());
            batch.forEach(values::addAll);
            values.addAll(suffix.values(clientParameters));
            rows += nodes.runOnReplicas(chunk, sql, values, results);
        }

        long finish() {
            byChunk.forEach((id, batch) -> {
                if (!batch.isEmpty()) {
                    send(chunks.get(id), batch);
                }
            });
            return rows;
        }
    }
}
