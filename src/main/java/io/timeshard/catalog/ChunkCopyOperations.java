package io.timeshard.catalog;

import javax.sql.DataSource;
import java.util.List;
import java.util.Optional;

import static io.timeshard.catalog.CatalogStatements.inConnection;
import static io.timeshard.catalog.CatalogStatements.query;
import static io.timeshard.catalog.CatalogStatements.update;

/** The copies and moves of chunks between data nodes, each with the last stage it completed. */
public final class ChunkCopyOperations {
    /** One copy or move. */
    public record Operation(String id, int chunkId, String source, String destination, boolean move, String completedStage) {}

    private final DataSource home;

    public ChunkCopyOperations(DataSource home) {
        this.home = home;
    }

    /** Records a new operation at its first stage; fails with a duplicate error when the id is taken. */
    public void start(Operation operation) {
        inConnection(home, connection -> update(connection, "INSERT INTO _timeshard_catalog.chunk_copy_operation (operation_id, chunk_id,"
                + " source_node_name, dest_node_name, delete_on_source_node, completed_stage) VALUES (?, ?, ?, ?, ?, ?)",
                List.of(operation.id(), operation.chunkId(), operation.source(), operation.destination(), operation.move(),
                        operation.completedStage())));
    }

    public void completed(String id, String stage) {
        inConnection(home, connection -> update(connection, "UPDATE _timeshard_catalog.chunk_copy_operation SET completed_stage = ?,"
                + " time_end = CASE WHEN ? THEN now() END WHERE operation_id = ?", List.of(stage, stage.equals("complete"), id)));
    }

    public void failed(String id, String error) {
        inConnection(home, connection -> update(connection, "UPDATE _timeshard_catalog.chunk_copy_operation SET error = ?, time_end = now()"
                + " WHERE operation_id = ?", List.of(error, id)));
    }

    public Optional<Operation> find(String id) {
        return inConnection(home, connection -> query(connection, "SELECT operation_id::text, chunk_id, source_node_name::text,"
                + " dest_node_name::text, delete_on_source_node, completed_stage FROM _timeshard_catalog.chunk_copy_operation"
                + " WHERE operation_id = ?", List.of(id), rows -> new Operation(rows.getString(1), rows.getInt(2), rows.getString(3),
                rows.getString(4), rows.getBoolean(5), rows.getString(6)))).stream().findFirst();
    }

    public void delete(String id) {
        inConnection(home, connection -> update(connection, "DELETE FROM _timeshard_catalog.chunk_copy_operation WHERE operation_id = ?",
                List.of(id)));
    }

    /** A new operation id: TimescaleDB's form, ts_copy_<sequence>_<chunk id>. */
    public String newId(int chunkId) {
        return inConnection(home, connection -> query(connection, "SELECT 'ts_copy_' || (SELECT count(*) + 1 FROM"
                + " _timeshard_catalog.chunk_copy_operation) || '_' || ? || '_' || substr(md5(random()::text), 1, 6)",
                List.of(chunkId), rows -> rows.getString(1)).get(0));
    }
}
