package io.timeshard.cluster;

import io.timeshard.catalog.Chunk;
import io.timeshard.catalog.Hypertable;
import io.timeshard.partition.TimeType;
import io.timeshard.partition.TimeValues;
import io.timeshard.sql.SqlText;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The partition tree through which the home database reads one hypertable's chunks. PostgreSQL
 * tests every inheritance child of a table when it plans (10,000 chunks: hundreds of milliseconds),
 * but prunes partitions before it opens them. So the tree is partitioned by time into buckets of
 * about {@value #CHUNKS_PER_BUCKET} chunk intervals, each partitioned by time into the chunks'
 * foreign tables; with a space dimension each time slice is one more level, partitioned by the
 * space hash ({@code _timeshard_catalog.space_hash}, the access node's hash written in SQL). The
 * root table reads the tree through one foreign table on the loopback server, its only child:
 * the root stays the user's table, with its unique indexes, which partitioned tables holding
 * foreign tables cannot have.
 *
 * <p>Bucket and slice tables carry their range in their names (base 36, the time dimension's
 * internal units), so placing a chunk reads only the names of a bucket's neighbours. A chunk whose
 * range fits no bucket or slice (only after a change of interval or of the number of partitions)
 * is attached the old way, as a child of the root table with its range as a CHECK constraint.
 * Tables are created alone and then attached: ATTACH PARTITION does not wait for the queries
 * reading the parent, where CREATE ... PARTITION OF would.
 */
final class ChunkPartitions {
    static final String SCHEMA = "_timeshard_internal";
    static final String LOOPBACK_SERVER = "_timeshard_home";
    /**
     * A backend builds a bucket's partition descriptor the first time it plans over it: at 128
     * chunks that cost 1.4-2.6 ms per query over random hours of 10,000 chunks, at 32 it is a
     * quarter, while the tree's own descriptor, built once per backend, grows to ~300 buckets.
     */
    static final int CHUNKS_PER_BUCKET = 32;
    private static final Pattern RANGE_NAME = Pattern.compile("_ts_hyper_\\d+_(-?[0-9a-z]+)_(-?[0-9a-z]+)_[bs]");

    private final Hypertable hypertable;

    ChunkPartitions(Hypertable hypertable) {
        this.hypertable = hypertable;
    }

    /** The tree's top table, partitioned by time. */
    static String treeName(int hypertableId) {
        return "_ts_hyper_" + hypertableId;
    }

    /** The root table's child that reads the tree through the loopback server. */
    static String readerName(int hypertableId) {
        return "_ts_hyper_" + hypertableId + "_all";
    }

    /** Creates the tree and its reader when the hypertable has none yet. */
    void ensureTree(Statement statement) throws SQLException {
        String tree = qualified(treeName(hypertable.id()));
        statement.execute("CREATE TABLE IF NOT EXISTS " + tree + " (LIKE " + root() + ") PARTITION BY RANGE ("
                + SqlText.identifier(hypertable.time().column()) + ")");
        statement.execute("CREATE FOREIGN TABLE IF NOT EXISTS " + qualified(readerName(hypertable.id())) + " () INHERITS (" + root()
                + ") SERVER " + LOOPBACK_SERVER + " OPTIONS (schema_name " + SqlText.literal(SCHEMA) + ", table_name "
                + SqlText.literal(treeName(hypertable.id())) + ")");
    }

    /**
     * Attaches the chunk's foreign table (which must not exist) to its bucket or slice, creating
     * those as needed; false, leaving the chunk out, when its range fits none.
     */
    boolean attach(Statement statement, Chunk chunk) throws SQLException {
        Optional<String> bucket = bucket(statement, chunk);
        if (bucket.isEmpty()) {
            return false;
        }
        String parent = bucket.get();
        String partitionBound = bound(chunk.rangeStart(), chunk.rangeEnd());
        if (hypertable.space().isPresent()) {
            Optional<String> slice = slice(statement, parent, chunk);
            if (slice.isEmpty()) {
                return false;
            }
            parent = slice.get();
            partitionBound = "FOR VALUES FROM (" + chunk.hashStart() + ") TO ("
                    + (chunk.hashEnd() >= Chunk.HASH_SPACE_END ? "MAXVALUE" : String.valueOf(chunk.hashEnd())) + ")";
        }
        statement.execute("CREATE FOREIGN TABLE " + qualified(chunk.tableName()) + " (" + columns(statement) + ") SERVER "
                + SqlText.identifier(chunk.primaryReplica()) + " OPTIONS (schema_name " + SqlText.literal(chunk.schemaName())
                + ", table_name " + SqlText.literal(chunk.tableName()) + ")");
        statement.execute("ALTER TABLE " + qualified(parent) + " ATTACH PARTITION " + qualified(chunk.tableName()) + " " + partitionBound);
        return true;
    }

    /** The bucket that holds the chunk's time range, made if none does; empty when the range straddles one. */
    private Optional<String> bucket(Statement statement, Chunk chunk) throws SQLException {
        long width = bucketWidth();
        long low = alignedDown(chunk.rangeStart(), width);
        long high = low > Long.MAX_VALUE - width ? Long.MAX_VALUE : low + width;
        for (Range range : ranges(statement, treeName(hypertable.id()))) {
            if (range.low() <= chunk.rangeStart() && chunk.rangeEnd() <= range.high()) {
                return Optional.of(range.name());
            }
            if (range.high() <= chunk.rangeStart()) {
                low = Math.max(low, range.high());
            } else if (range.low() >= chunk.rangeEnd()) {
                high = Math.min(high, range.low());
            } else {
                return Optional.empty();
            }
        }
        if (chunk.rangeEnd() > high) {
            high = chunk.rangeEnd(); // a chunk longer than a bucket: then the bucket is the chunk's range
        }
        String name = rangeName(low, high, 'b');
        statement.execute("CREATE TABLE " + qualified(name) + " (LIKE " + qualified(treeName(hypertable.id())) + ") PARTITION BY RANGE ("
                + SqlText.identifier(hypertable.time().column()) + ")");
        statement.execute("ALTER TABLE " + qualified(treeName(hypertable.id())) + " ATTACH PARTITION " + qualified(name) + " "
                + bound(low, high));
        return Optional.of(name);
    }

    /** The bucket's table for the chunk's very time range, made if missing; empty when another slice overlaps it. */
    private Optional<String> slice(Statement statement, String bucket, Chunk chunk) throws SQLException {
        for (Range range : ranges(statement, bucket)) {
            if (range.low() == chunk.rangeStart() && range.high() == chunk.rangeEnd()) {
                return Optional.of(range.name());
            }
            if (range.low() < chunk.rangeEnd() && chunk.rangeStart() < range.high()) {
                return Optional.empty();
            }
        }
        String name = rangeName(chunk.rangeStart(), chunk.rangeEnd(), 's');
        statement.execute("CREATE TABLE " + qualified(name) + " (LIKE " + qualified(treeName(hypertable.id())) + ") PARTITION BY RANGE ("
                + "_timeshard_catalog.space_hash(" + SqlText.identifier(hypertable.space().orElseThrow().column()) + "))");
        statement.execute("ALTER TABLE " + qualified(bucket) + " ATTACH PARTITION " + qualified(name) + " "
                + bound(chunk.rangeStart(), chunk.rangeEnd()));
        return Optional.of(name);
    }

    /**
     * Drops the slices, then the buckets, that no chunk is left in; one that is in use now stays
     * (dropping a bucket waits for every query reading the tree).
     */
    void dropEmptyPartitions(Statement statement) throws SQLException {
        for (char kind : new char[] {'s', 'b'}) {
            List<String> empty = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT c.relname FROM pg_class c WHERE c.relnamespace = "
                    + SqlText.literal(SCHEMA) + "::regnamespace AND c.relkind = 'p' AND c.relispartition AND c.relname LIKE "
                    + SqlText.literal("\\_ts\\_hyper\\_" + hypertable.id() + "\\_%\\_" + kind)
                    + " AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhparent = c.oid)")) {
                while (rows.next()) {
                    empty.add(rows.getString(1));
                }
            }
            for (String name : empty) {
                statement.execute("SAVEPOINT _timeshard_empty_partition");
                try {
                    statement.execute("SET LOCAL lock_timeout = '100ms'");
                    statement.execute("DROP TABLE " + qualified(name));
                    statement.execute("RELEASE SAVEPOINT _timeshard_empty_partition");
                } catch (SQLException e) {
                    statement.execute("ROLLBACK TO SAVEPOINT _timeshard_empty_partition");
                }
            }
        }
    }

    private record Range(String name, long low, long high) {}

    /** The bucket or slice tables directly under {@code parent}, by the ranges in their names. */
    private static List<Range> ranges(Statement statement, String parent) throws SQLException {
        List<Range> ranges = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " WHERE i.inhparent = " + SqlText.literal(qualified(parent)) + "::regclass")) {
            while (rows.next()) {
                Matcher name = RANGE_NAME.matcher(rows.getString(1));
                if (name.matches()) {
                    ranges.add(new Range(rows.getString(1), Long.parseLong(name.group(1), 36), Long.parseLong(name.group(2), 36)));
                }
            }
        }
        return ranges;
    }

    private String rangeName(long low, long high, char kind) {
        return "_ts_hyper_" + hypertable.id() + "_" + Long.toString(low, 36) + "_" + Long.toString(high, 36) + "_" + kind;
    }

    /** The tree's columns as a foreign table must repeat them to be attached: names, types, collations, NOT NULL. */
    private String columns(Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT string_agg(format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod))"
                + " || CASE WHEN a.attcollation <> t.typcollation THEN ' COLLATE ' || a.attcollation::regcollation::text ELSE '' END"
                + " || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END, ', '"
                + " ORDER BY a.attnum) FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid WHERE a.attrelid = "
                + SqlText.literal(qualified(treeName(hypertable.id()))) + "::regclass AND a.attnum > 0 AND NOT a.attisdropped")) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** A time range as a partition bound; the longest values stand for no bound. */
    private String bound(long low, long high) {
        return "FOR VALUES FROM (" + (low == Long.MIN_VALUE ? "MINVALUE" : timeLiteral(low)) + ") TO ("
                + (high == Long.MAX_VALUE ? "MAXVALUE" : timeLiteral(high)) + ")";
    }

    private String timeLiteral(long value) {
        TimeType type = TimeType.fromTypeName(hypertable.time().type()).orElseThrow();
        return SqlText.literal(TimeValues.toText(type, value)) + "::" + hypertable.time().type();
    }

    private long bucketWidth() {
        try {
            return Math.multiplyExact(hypertable.time().interval(), CHUNKS_PER_BUCKET);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long alignedDown(long value, long width) {
        return value < Long.MIN_VALUE + width ? Long.MIN_VALUE : Math.floorDiv(value, width) * width;
    }

    private String root() {
        return SqlText.qualified(hypertable.schemaName(), hypertable.tableName());
    }

    static String qualified(String name) {
        return SqlText.qualified(SCHEMA, name);
    }
}
