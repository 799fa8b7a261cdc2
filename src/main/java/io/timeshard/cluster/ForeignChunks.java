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

/**
 * The chunks as the home database sees them: each chunk a foreign table (postgres_fdw) that is a
 * child of its hypertable's root table, with its time range as a CHECK constraint, reading the
 * chunk's first replica through one foreign server per data node (named as the node, as in
 * TimescaleDB). So any statement PostgreSQL can run reads a hypertable's rows, with chunks
 * excluded and conditions and columns pushed to the nodes by PostgreSQL itself.
 *
 * <p>Attaching a child locks the root table briefly; a chunk created while a client holds a lock
 * on it (DDL in an open transaction block) stays unattached until {@link #readable} or the next
 * start attaches it, and until then queries on its hypertable do not take the foreign path. The
 * servers refuse writes and TRUNCATE: rows are only written through the access node.
 * Thread-safe: the set of attached chunks is concurrent.
 */
public final class ForeignChunks {
    private static final Logger LOG = LoggerFactory.getLogger(ForeignChunks.class);
    private static final String SCHEMA = "_timeshard_internal";
    /** How long chunk creation waits for the root table before leaving the chunk unattached. */
    private static final String ATTACH_LOCK_TIMEOUT = "500ms";
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    /** Rows a foreign scan fetches per round trip. */
    private static final int FETCH_SIZE = 10_000;

    private final DataSource home;
    /** By hypertable id: each attached chunk's id and the server (node) its foreign table reads. */
    private final Map<Integer, Map<Integer, String>> attached = new ConcurrentHashMap<>();
    private volatile boolean available;

    public ForeignChunks(DataSource home) {
        this.home = home;
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
        return true;
    }

    /** Creates the node's foreign server and its user mapping, or brings them up to date. */
    public void defineServer(DataNode node) {
        if (!available) {
            return;
        }
        String server = SqlText.identifier(node.name());
        Map<String, String> options = new LinkedHashMap<>(Map.of("host", node.host(), "port", String.valueOf(node.port()),
                "dbname", node.database()));
        options.putAll(NodeTransport.CURRENT.options());
        List<String> mapping = new ArrayList<>(List.of(option("user", node.owner()), option("password_required", "false")));
        node.password().ifPresent(password -> mapping.add(option("password", password)));
        try (Connection connection = home.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            Optional<Set<String>> existing = serverOptions(connection, node.name());
            if (existing.isPresent()) {
                statement.execute("ALTER SERVER " + server + " OPTIONS (" + String.join(", ", options.entrySet().stream()
                        .map(o -> (existing.get().contains(o.getKey()) ? "SET " : "ADD ") + option(o.getKey(), o.getValue())).toList()) + ")");
            } else {
                options.putAll(Map.of("fetch_size", String.valueOf(FETCH_SIZE), "async_capable", "true", "updatable", "false",
                        "truncatable", "false"));
                statement.execute("CREATE SERVER " + server + " FOREIGN DATA WRAPPER postgres_fdw OPTIONS (" + String.join(", ",
                        options.entrySet().stream().map(o -> option(o.getKey(), o.getValue())).toList()) + ")");
            }
            statement.execute("DROP USER MAPPING IF EXISTS FOR PUBLIC SERVER " + server);
            statement.execute("CREATE USER MAPPING FOR PUBLIC SERVER " + server + " OPTIONS (" + String.join(", ", mapping) + ")");
            connection.commit();
        } catch (SQLException e) {
            LOG.warn("could not define foreign server {}: {}", node.name(), e.getMessage());
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
     * unless its root table is locked by someone else now; the chunk is then attached later.
     */
    public void attach(Connection connection, Hypertable hypertable, Chunk chunk) {
        if (!available) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SAVEPOINT _timeshard_attach");
            try {
                statement.execute("SET LOCAL lock_timeout = '" + ATTACH_LOCK_TIMEOUT + "'");
                String server = attached(hypertable).get(chunk.id());
                if (server != null) {
                    // Another replica serves reads now: PostgreSQL cannot change a foreign table's server.
                    statement.execute("DROP FOREIGN TABLE IF EXISTS " + qualified(chunk));
                }
                statement.execute(createStatement(hypertable, chunk));
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
            Map<String, String> children = children(connection, hypertable);
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

    /** The hypertable's foreign chunk tables at home and the server each reads. */
    private static Map<String, String> children(Connection connection, Hypertable hypertable) throws SQLException {
        Map<String, String> servers = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT c.relname, s.srvname FROM pg_inherits i"
                + " JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_foreign_table f ON f.ftrelid = c.oid JOIN pg_foreign_server s ON s.oid = f.ftserver"
                + " WHERE i.inhparent = to_regclass(?) AND n.nspname = '" + SCHEMA + "' AND c.relkind = 'f'")) {
            statement.setString(1, SqlText.qualified(hypertable.schemaName(), hypertable.tableName()));
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

    private static String createStatement(Hypertable hypertable, Chunk chunk) {
        String check = ChunkTables.timeCheck(hypertable, chunk);
        return "CREATE FOREIGN TABLE IF NOT EXISTS " + qualified(chunk) + " ("
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
