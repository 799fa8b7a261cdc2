package io.timeshard.catalog;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads and writes the catalog in the home database, each call in its own transaction. */
public final class Catalog {
    private static final String DATA_NODE_COLUMNS = "node_name, host, port, database, owner, password, available, availability_forced";

    private final DataSource home;

    public Catalog(DataSource home) {
        this.home = home;
    }

    public UUID clusterId() {
        return query("SELECT cluster_id FROM _timeshard_catalog.cluster", List.of(), rows -> rows.getObject(1, UUID.class))
                .stream().findFirst()
                .orElseThrow(() -> TimeshardException.of(ErrorCode.INTERNAL_ERROR, "the catalog has no cluster identity"));
    }

    public List<DataNode> dataNodes() {
        return query("SELECT " + DATA_NODE_COLUMNS + ", available_changed_at FROM _timeshard_catalog.data_node ORDER BY node_name", List.of(), Catalog::dataNode);
    }

    public Optional<DataNode> dataNode(String name) {
        return query("SELECT " + DATA_NODE_COLUMNS + ", available_changed_at FROM _timeshard_catalog.data_node WHERE node_name = ?", List.of(name),
                Catalog::dataNode).stream().findFirst();
    }

    public DataNode requireDataNode(String name) {
        return dataNode(name).orElseThrow(() -> TimeshardException.of(ErrorCode.UNDEFINED_OBJECT,
                "server \"" + name + "\" does not exist"));
    }

    public void insertDataNode(DataNode node) {
        update("INSERT INTO _timeshard_catalog.data_node (" + DATA_NODE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                List.of(node.name(), node.host(), node.port(), node.database(), node.owner(),
                        node.password().map(Object.class::cast).orElse(CatalogStatements.NULL), node.available(), node.availabilityForced()));
    }

    public void updateDataNode(DataNode node) {
        update("UPDATE _timeshard_catalog.data_node SET host = ?, port = ?, database = ?, availability_forced = ?,"
                + " available_changed_at = CASE WHEN available = ? THEN available_changed_at ELSE now() END, available = ?"
                + " WHERE node_name = ?", List.of(node.host(), node.port(), node.database(), node.availabilityForced(), node.available(),
                node.available(), node.name()));
    }

    /**
     * What a health check found, unless an operator forced the node's availability; returns true
     * when the node's state changed. {@code error} is kept as its last error when it failed.
     */
    public boolean recordHealth(String name, boolean available, Optional<String> error) {
        return update("UPDATE _timeshard_catalog.data_node SET available = ?, available_changed_at = now(),"
                + " last_error = coalesce(?, last_error) WHERE node_name = ? AND available <> ? AND NOT availability_forced",
                List.of(available, error.map(Object.class::cast).orElse(CatalogStatements.NULL), name, available)) > 0;
    }

    public boolean deleteDataNode(String name) {
        return update("DELETE FROM _timeshard_catalog.data_node WHERE node_name = ?", List.of(name)) > 0;
    }

    /** The number of chunk replicas a data node holds. */
    public long chunkCount(String nodeName) {
        return query("SELECT count(*) FROM _timeshard_catalog.chunk_replica WHERE node_name = ?", List.of(nodeName),
                rows -> rows.getLong(1)).get(0);
    }

    public void detachFromAllHypertables(String nodeName) {
        update("DELETE FROM _timeshard_catalog.hypertable_data_node WHERE node_name = ?", List.of(nodeName));
    }

    private <T> List<T> query(String sql, List<?> parameters, CatalogStatements.RowMapper<T> mapper) {
        try (Connection connection = home.getConnection()) {
            return CatalogStatements.query(connection, sql, parameters, mapper);
        } catch (SQLException e) {
            throw CatalogStatements.error(e);
        }
    }

    private int update(String sql, List<?> parameters) {
        try (Connection connection = home.getConnection()) {
            return CatalogStatements.update(connection, sql, parameters);
        } catch (SQLException e) {
            throw CatalogStatements.error(e);
        }
    }

    private static DataNode dataNode(ResultSet rows) throws SQLException {
        return new DataNode(rows.getString(1), rows.getString(2), rows.getInt(3), rows.getString(4), rows.getString(5),
                Optional.ofNullable(rows.getString(6)), rows.getBoolean(7), rows.getBoolean(8),
                rows.getObject(9, java.time.OffsetDateTime.class).toInstant());
    }
}
