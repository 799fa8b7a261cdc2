package io.timeshard.cluster;

import io.timeshard.catalog.Chunk;
import io.timeshard.catalog.DataNode;
import io.timeshard.catalog.Hypertable;
import io.timeshard.error.TimeshardException;
import io.timeshard.sql.SqlText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The chunks as the home database sees them: each chunk a foreign table (postgres_fdw) reading its
 * first replica through one foreign server per data node (named as the node, as in TimescaleDB),
 * attached to its hypertable's partition tree ({@link ChunkPartitions}), which the root table reads
 * through its one child on the loopback server. So any statement PostgreSQL can run reads a
 * hypertable's rows, with chunks pruned and conditions and columns pushed to the nodes by
 * PostgreSQL itself.
 *
 * <p>Attaching a chunk locks its bucket briefly; a chunk created while a client holds a lock on it
 * (DDL in an open transaction block) stays unattached until {@link #readable} or the next start
 * attaches it, and until then queries on its hypertable do not take the foreign path. The servers
 * refuse writes and TRUNCATE: rows are only written through the access node. Thread-safe: the set
 * of attached chunks is concurrent.
 */
public final class ForeignChunks {
    private static final Logger LOG = LoggerFactory.getLogger(ForeignChunks.class);
    private static final String SCHEMA = ChunkPartitions.SCHEMA;
    /** How long chunk creation waits for the root table before leaving the chunk unattached. */
    private static final String ATTACH_LOCK_TIMEOUT = "500ms";
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    /** The application name of a loopback connection, followed by the PID of the backend that opened it. */
    private static final String LOOPBACK_APPLICATION = "timeshard loopback ";
    private static final Pattern TREE_READER = Pattern.compile("Foreign Scan on " + SCHEMA + "\\._ts_hyper_\\d+_all\\b");
    /** Rows a foreign scan fetches per round trip. */
    private static final int FETCH_SIZE = 10_000;

    private final DataSource home;
    private final Loopback loopback;
    /** By hypertable id: each attached chunk's id and the server (node) its foreign table reads. */
    private final Map<Integer, Map<Integer, String>> attached = new ConcurrentHashMap<>();
    private volatile boolean available;

    /** How the home database reaches itself: the server that reads the chunk partition trees. */
    public record Loopback(String host, int port, String database, String user, Optional<String> password) {}

    public ForeignChunks(DataSource home, Loopback loopback) {
        this.home = home;
        this.loopback = loopback;
    }

    /**
     * Makes postgres_fdw and a server for every node ready; returns false, leaving the foreign path
     * off, when the home database cannot have them (postgres_fdw missing, or not a superuser).
     */
    public boolean prepare(List<DataNode> nodes) {
        try (Connection connection = home.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS postgres_fdw");
            available = true;
        } catch (SQLException e) {
            LOG.warn("queries on distributed hypertables will not read chunks as foreign tables: {}", e.getMessage());
            available = false;
            return false;
        }
        nodes.forEach(this::defineServer);
        defineLoopback();
        return true;
    }

    /** Creates the node's foreign server and its user mapping, or brings them up to date. */
    public void defineServer(DataNode node) {
        Map<String, String> options = new LinkedHashMap<>(Map.of("host", node.host(), "port", String.valueOf(node.port()),
                "dbname", node.database()));
        options.putAll(NodeTransport.CURRENT.options());
        define(node.name(), options, Map.of("async_capable", "true"), node.owner(), node.password());
    }

    /**
     * The server through which root tables read their chunk partition trees. Its connections are
     * named after the backend that opened them, so that a backend can tell its own reader's locks.
     */
    private void defineLoopback() {
        define(ChunkPartitions.LOOPBACK_SERVER, new LinkedHashMap<>(Map.of("host", loopback.host(), "port", String.valueOf(loopback.port()),
                "dbname", loopback.database(), "application_name", LOOPBACK_APPLICATION + "%p")), Map.of(), loopback.user(),
                loopback.password());
    }

    /** Creates a foreign server and its user mapping, or brings them up to date; {@code created} are options only a new one gets. */
    private void define(String name, Map<String, String> options, Map<String, String> created, String user, Optional<String> password) {
        if (!available) {
            return;
        }
        String server = SqlText.identifier(name);
        List<String> mapping = new ArrayList<>(List.of(option("user", user), option("password_required", "false")));
        password.ifPresent(secret -> mapping.add(option("password", secret)));
        try (Connection connection = home.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            Optional<Set<String>> existing = serverOptions(connection, name);
            if (existing.isPresent()) {
                statement.execute("ALTER SERVER " + server + " OPTIONS (" + String.join(", ", options.entrySet().stream()
                        .map(o -> (existing.get().contains(o.getKey()) ? "SET " : "ADD ") + option(o.getKey(), o.getValue())).toList()) + ")");
            } else {
                options.putAll(created);
                options.putAll(Map.of("fetch_size", String.valueOf(FETCH_SIZE), "updatable", "false", "truncatable", "false"));
                statement.execute("CREATE SERVER " + server + " FOREIGN DATA WRAPPER postgres_fdw OPTIONS (" + String.join(", ",
                        options.entrySet().stream().map(o -> option(o.getKey(), o.getValue())).toList()) + ")");
            }
            statement.execute("DROP USER MAPPING IF EXISTS FOR PUBLIC SERVER " + server);
            statement.execute("CREATE USER MAPPING FOR PUBLIC SERVER " + server + " OPTIONS (" + String.join(", ", mapping) + ")");
            connection.commit();
        } catch (SQLException e) {
            LOG.warn("could not define foreign server {}: {}", name, e.getMessage());
        }
    }

    /** Drops the foreign server of a node that holds no chunks any more. */
    public void dropServer(String nodeName) {
        if (!available) {
            return;
        }
        try (Connection connection = home.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SERVER IF EXISTS " + SqlText.identifier(nodeName) + " CASCADE");
        } catch (SQLException e) {
            LOG.warn("could not drop foreign server {}: {}", nodeName, e.getMessage());
        }
    }

    /**
     * Attaches a new chunk inside the catalog transaction that creates it ({@code connection}),
     * unless its hypertable's tables at home are locked by someone else now; the chunk is then
     * attached later.
     */
    public void attach(Connection connection, Hypertable hypertable, Chunk chunk) {
        if (!available) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SAVEPOINT _timeshard_attach");
            try {
                statement.execute("SET LOCAL lock_timeout = '" + ATTACH_LOCK_TIMEOUT + "'");
                // Another replica may serve reads now: PostgreSQL cannot change a foreign table's server.
                statement.execute("DROP FOREIGN TABLE IF EXISTS " + qualified(chunk));
                if (!attachToTree(statement, hypertable, chunk)) {
                    statement.execute(inheritingStatement(hypertable, chunk));
                }
                ownLikeRoot(statement, hypertable);
                statement.execute("SET LOCAL lock_timeout = DEFAULT");
                statement.execute("RELEASE SAVEPOINT _timeshard_attach");
                attached(hypertable).put(chunk.id(), chunk.primaryReplica());
            } catch (SQLException e) {
                statement.execute("ROLLBACK TO SAVEPOINT _timeshard_attach");
                statement.execute("RELEASE SAVEPOINT _timeshard_attach");
                if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                    LOG.warn("could not attach chunk {} as a foreign table: {}", chunk.tableName(), e.getMessage());
                }
            }
        } catch (SQLException e) {
            throw homeError(e);
        }
    }

    /** False, with nothing changed, when the chunk fits no partition of the tree or a bound is out of its type's range. */
    private static boolean attachToTree(Statement statement, Hypertable hypertable, Chunk chunk) throws SQLException {
        statement.execute("SAVEPOINT _timeshard_partition");
        try {
            ChunkPartitions partitions = new ChunkPartitions(hypertable);
            partitions.ensureTree(statement);
            boolean attached = partitions.attach(statement, chunk);
            statement.execute("RELEASE SAVEPOINT _timeshard_partition");
            return attached;
        } catch (SQLException e) {
            if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                throw e;
            }
            statement.execute("ROLLBACK TO SAVEPOINT _timeshard_partition");
            LOG.warn("chunk {} is read as a child of its root table: {}", chunk.tableName(), e.getMessage());
            return false;
        }
    }

    /** True for a line of a plan at home that scans a chunk tree's reader. */
    public static boolean readsTree(String planLine) {
        return TREE_READER.matcher(planLine).find();
    }

    /**
     * The plan by which the home database runs a tree reader's remote SQL (as the loopback server
     * gets it), or why it has none: it shows which chunks the tree leaves, and their remote SQL.
     */
    public List<String> explainTreeRead(String remoteSql) {
        List<String> lines = new ArrayList<>();
        try (Connection connection = home.getConnection();
             PreparedStatement statement = connection.prepareStatement("EXPLAIN (VERBOSE" + (remoteSql.contains("$1") ? ", GENERIC_PLAN" : "")
                     + ") " + remoteSql);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                lines.add(rows.getString(1));
            }
        } catch (SQLException e) {
            lines.add("(no plan: " + e.getMessage() + ")");
        }
        return lines;
    }

    /** Gives the hypertable's foreign chunks its root table's owner (after an ALTER TABLE ... OWNER TO, or a start). */
    public void ownLikeRoot(Hypertable hypertable) {
        if (!available) {
            return;
        }
        try (Connection connection = home.getConnection(); Statement statement = connection.createStatement()) {
            ownLikeRoot(statement, hypertable);
        } catch (SQLException e) {
            LOG.warn("could not give the foreign chunks of {} their owner: {}", hypertable.displayName(), e.getMessage());
        }
    }

    private static void ownLikeRoot(Statement statement, Hypertable hypertable) throws SQLException {
        statement.execute("SELECT _timeshard_catalog.own_foreign_chunks(" + SqlText.literal(SqlText.qualified(hypertable.schemaName(),
                hypertable.tableName())) + ")");
    }

    /** Drops the foreign tables of chunks about to be dropped; throws when one is in use (nothing is dropped then). */
    public void drop(Hypertable hypertable, List<Chunk> chunks) {
        if (!available || chunks.isEmpty()) {
            return;
        }
        String tables = String.join(", ", chunks.stream().map(ForeignChunks::qualified).toList());
        try (Connection connection = home.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("SET LOCAL lock_timeout = '5s'");
            statement.execute("DROP FOREIGN TABLE IF EXISTS " + tables);
            new ChunkPartitions(hypertable).dropEmptyPartitions(statement);
            connection.commit();
        } catch (SQLException e) {
            throw homeError(e);
        }
        chunks.forEach(chunk -> attached(hypertable).remove(chunk.id()));
    }

    private Map<Integer, String> attached(Hypertable hypertable) {
        return attached.computeIfAbsent(hypertable.id(), id -> new ConcurrentHashMap<>());
    }

    /**
     * True when the home database reads every one of {@code chunks} of the hypertable as a foreign
     * table from its primary replica; those another access node attached are learnt, missing ones
     * attached and those reading another replica pointed at the primary, if possible.
     */
    public boolean readable(Hypertable hypertable, List<Chunk> chunks) {
        if (!available) {
            return false;
        }
        Map<Integer, String> known = attached(hypertable);
        if (chunks.stream().allMatch(chunk -> chunk.primaryReplica().equals(known.get(chunk.id())))) {
            return true;
        }
        try (Connection connection = home.getConnection()) {
            Map<String, String> children = children(connection, chunks);
            List<Chunk> missing = new ArrayList<>();
            for (Chunk chunk : chunks) {
                String server = children.get(chunk.tableName());
                if (server != null) {
                    known.put(chunk.id(), server);
                }
                if (!chunk.primaryReplica().equals(server)) {
                    missing.add(chunk);
                }
            }
            if (!missing.isEmpty()) {
                connection.setAutoCommit(false);
                try {
                    missing.forEach(chunk -> attach(connection, hypertable, chunk));
                    connection.commit();
                } finally {
                    connection.setAutoCommit(true);
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("could not read the foreign tables of hypertable {}: {}", hypertable.displayName(), e.getMessage());
            return false;
        }
        return chunks.stream().allMatch(chunk -> chunk.primaryReplica().equals(known.get(chunk.id())));
    }

    /** Those of the chunks that have an attached foreign table at home, and the server each reads. */
    private static Map<String, String> children(Connection connection, List<Chunk> chunks) throws SQLException {
        Map<String, String> servers = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT c.relname, s.srvname FROM pg_class c"
                + " JOIN pg_foreign_table f ON f.ftrelid = c.oid JOIN pg_foreign_server s ON s.oid = f.ftserver"
                + " WHERE c.relnamespace = '" + SCHEMA + "'::regnamespace AND c.relname = ANY (?)"
                + " AND (c.relispartition OR EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid))")) {
            statement.setArray(1, connection.createArrayOf("text", chunks.stream().map(Chunk::tableName).toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    servers.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        return servers;
    }

    /** The names of the server's options; empty when there is no such server. */
    private static Optional<Set<String>> serverOptions(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT coalesce(array_to_string(ARRAY(SELECT split_part(o, '=', 1)"
                + " FROM unnest(srvoptions) o), ','), '') FROM pg_foreign_server WHERE srvname = ?")) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(Set.of(rows.getString(1).split(","))) : Optional.empty();
            }
        }
    }

    /** A chunk that fits no partition: a child of the root table, its range as a CHECK constraint. */
    private static String inheritingStatement(Hypertable hypertable, Chunk chunk) {
        String check = ChunkTables.timeCheck(hypertable, chunk);
        return "CREATE FOREIGN TABLE " + qualified(chunk) + " ("
                + (check.isEmpty() ? "" : "CONSTRAINT " + SqlText.identifier(chunk.tableName() + "_time_range") + " CHECK (" + check + ")")
                + ") INHERITS (" + SqlText.qualified(hypertable.schemaName(), hypertable.tableName()) + ") SERVER "
                + SqlText.identifier(chunk.primaryReplica()) + " OPTIONS (" + option("schema_name", chunk.schemaName()) + ", "
                + option("table_name", chunk.tableName()) + ")";
    }

    private static String qualified(Chunk chunk) {
        return SqlText.qualified(SCHEMA, chunk.tableName());
    }

    private static TimeshardException homeError(SQLException e) {
        return TimeshardException.fromPostgres(e.getSQLState(), e.getMessage(), null, null, e);
    }

    private static String option(String name, String value) {
        return name + " " + SqlText.literal(value);
    }
}
