package io.timeshard.wire;

import io.timeshard.embedded.PostgresInstance;
import io.timeshard.protocol.BackendMessages;
import io.timeshard.protocol.ErrorFields;
import io.timeshard.protocol.FrontendMessages;
import io.timeshard.protocol.FrontendMessages.Bind;
import io.timeshard.protocol.FrontendMessages.Execute;
import io.timeshard.protocol.FrontendMessages.Parse;
import io.timeshard.protocol.FrontendMessages.Query;
import io.timeshard.protocol.FrontendMessages.Target;
import io.timeshard.protocol.PayloadReader;
import io.timeshard.protocol.PgMessage;
import io.timeshard.testing.TestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same frontend messages, in the sequences real clients send them (asyncpg, pgjdbc, psycopg2,
 * node-postgres), to the access node over a distributed hypertable and to one plain PostgreSQL
 * over a plain table of the same name and rows: the backend messages must agree in type, row and
 * parameter descriptions (names, type OIDs, formats), values, command tags, SQLSTATEs and
 * transaction status.
 */
class ProtocolDifferentialIntegrationTest {
    private static final String PLAIN_DATABASE = "protocol_plain";
    private static final String TABLE = "CREATE TABLE protocol_rows (time timestamptz NOT NULL, device int NOT NULL, value float8, note text)";
    private static final String ROWS = "INSERT INTO protocol_rows SELECT timestamptz '2024-01-01 00:00+00' + g * interval '20 minutes', g % 4,"
            + " g / 4.0, 'n' || (g % 10) FROM generate_series(0, 499) g";
    private static final long MICROS_2024_FROM_2000 = 757_382_400_000_000L;

    @BeforeAll
    static void createTables() throws Exception {
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS protocol_rows");
            statement.execute(TABLE);
            statement.execute("SELECT create_distributed_hypertable('protocol_rows', 'time', 'device', chunk_time_interval => interval '1 day')");
            statement.execute(ROWS);
        }
        PostgresInstance plain = TestCluster.get().home();
        plain.createDatabaseIfMissing(PLAIN_DATABASE);
        try (Connection connection = plain.connect(PLAIN_DATABASE); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS protocol_rows");
            statement.execute(TABLE);
            statement.execute(ROWS);
        }
    }

    @Test
    void asyncpgPreparesWithoutTypesAndBindsBinary() throws Exception {
        byte[] device = ByteBuffer.allocate(4).putInt(2).array();
        byte[] since = ByteBuffer.allocate(8).putLong(MICROS_2024_FROM_2000 + 3_600_000_000L).array();
        assertAlike(List.of(
                List.of(new Parse("__asyncpg_stmt_1__", "SELECT time, device, value, note FROM protocol_rows WHERE device = $1 AND time >= $2"
                        + " ORDER BY time LIMIT 5", List.of()).encode(), new Target('S', "__asyncpg_stmt_1__").encode(FrontendMessages.DESCRIBE),
                        FrontendMessages.sync()),
                List.of(new Bind("", "__asyncpg_stmt_1__", List.of((short) 1, (short) 1), List.of(device, since), List.of((short) 1)).encode(),
                        new Execute("", 0).encode(), FrontendMessages.sync()),
                List.of(new Parse("__asyncpg_stmt_2__", "INSERT INTO protocol_rows VALUES ($1, $2, 1.5, 'x')", List.of()).encode(),
                        new Target('S', "__asyncpg_stmt_2__").encode(FrontendMessages.DESCRIBE), FrontendMessages.sync()),
                List.of(new Bind("", "__asyncpg_stmt_2__", List.of((short) 1), List.of(since, device), List.of()).encode(),
                        new Execute("", 0).encode(), FrontendMessages.sync())));
    }

    @Test
    void pgjdbcBindsTypedTextParametersAndDescribesThePortal() throws Exception {
        List<PgMessage> query = List.of(new Parse("S_1", "SELECT count(*), max(value), min(time) FROM protocol_rows WHERE note = $1", List.of(25)).encode(),
                new Bind("", "S_1", List.of(), List.of("n3".getBytes(StandardCharsets.UTF_8)), List.of()).encode(),
                new Target('P', "").encode(FrontendMessages.DESCRIBE), new Execute("", 0).encode(), FrontendMessages.sync());
        List<PgMessage> again = List.of(new Bind("", "S_1", List.of(), List.of("n4".getBytes(StandardCharsets.UTF_8)), List.of((short) 1)).encode(),
                new Execute("", 0).encode(), FrontendMessages.sync());
        assertAlike(List.of(query, again));
    }

    @Test
    void psycopg2SendsLiteralsInSimpleQueries() throws Exception {
        assertAlike(List.of(
                List.of(new Query("SELECT device, count(*), sum(value) FROM protocol_rows WHERE time < '2024-01-02 00:00+00' GROUP BY device"
                        + " ORDER BY device; SELECT 1").encode()),
                List.of(new Query("UPDATE protocol_rows SET value = value + 1 WHERE device = 1 AND time < '2024-01-01 06:00+00'").encode()),
                List.of(new Query("DELETE FROM protocol_rows WHERE device = 99").encode()),
                List.of(new Query("SELECT nope FROM protocol_rows").encode()),
                List.of(new Query("INSERT INTO protocol_rows VALUES (NULL, 1, 1, 'x')").encode())));
    }

    @Test
    void nodePostgresParsesUnnamedStatementsWithTextParameters() throws Exception {
        assertAlike(List.of(
                List.of(new Parse("", "INSERT INTO protocol_rows VALUES ($1, $2, $3, $4)", List.of()).encode(),
                        new Bind("", "", List.of(), List.of(bytes("2024-01-03 10:00:00+00"), bytes("3"), bytes("2.5"), bytes("node")), List.of()).encode(),
                        new Target('P', "").encode(FrontendMessages.DESCRIBE), new Execute("", 0).encode(), FrontendMessages.sync()),
                List.of(new Parse("", "SELECT note, count(*) FROM protocol_rows WHERE value > $1 GROUP BY note ORDER BY note", List.of()).encode(),
                        new Bind("", "", List.of(), List.of(bytes("100")), List.of()).encode(),
                        new Target('P', "").encode(FrontendMessages.DESCRIBE), new Execute("", 0).encode(), FrontendMessages.sync())));
    }

    @Test
    void executesWithARowLimitInATransaction() throws Exception {
        assertAlike(List.of(
                List.of(new Query("BEGIN").encode()),
                List.of(new Parse("", "SELECT time, value FROM protocol_rows WHERE device = 2 ORDER BY time", List.of()).encode(),
                        new Bind("rows", "", List.of(), List.of(), List.of()).encode(), new Execute("rows", 3).encode(), FrontendMessages.sync()),
                List.of(new Execute("rows", 2).encode(), FrontendMessages.sync()),
                List.of(new Target('P', "rows").encode(FrontendMessages.CLOSE), FrontendMessages.sync()),
                List.of(new Query("COMMIT").encode())));
    }

    /** Runs each batch (ending with Sync or a simple Query) on both sides and compares what came back. */
    private static void assertAlike(List<List<PgMessage>> batches) throws Exception {
        try (RawClient timeshard = new RawClient(); RawClient plain = new RawClient(TestCluster.get().home().port())) {
            timeshard.startup();
            plain.startup(PLAIN_DATABASE);
            for (List<PgMessage> batch : batches) {
                timeshard.send(batch.toArray(PgMessage[]::new));
                plain.send(batch.toArray(PgMessage[]::new));
                assertThat(described(timeshard.readUntil('Z'))).as(batch.toString()).isEqualTo(described(plain.readUntil('Z')));
            }
        }
    }

    /** The messages as compared: what a client reads from them, without table OIDs, notices or parameter status. */
    private static List<String> described(List<PgMessage> messages) {
        List<String> described = new ArrayList<>();
        for (PgMessage message : messages) {
            char type = message.typeChar();
            switch (type) {
                case BackendMessages.NOTICE_RESPONSE, BackendMessages.PARAMETER_STATUS -> { }
                case BackendMessages.ROW_DESCRIPTION -> described.add("RowDescription " + columns(message));
                case BackendMessages.ERROR_RESPONSE -> described.add("Error " + ErrorFields.decode(message).sqlState());
                case BackendMessages.COMMAND_COMPLETE -> described.add("CommandComplete " + message.reader().readCString());
                default -> described.add(type + " " + HexFormat.of().formatHex(message.payload()));
            }
        }
        return described;
    }

    private static List<String> columns(PgMessage description) {
        PayloadReader reader = description.reader();
        int count = reader.readCount16();
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = reader.readCString();
            reader.readInt32(); // table OID
            reader.readInt16(); // column number
            columns.add(name + " " + reader.readInt32() + " " + reader.readInt16() + " " + reader.readInt32() + " " + reader.readInt16());
        }
        return columns;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
