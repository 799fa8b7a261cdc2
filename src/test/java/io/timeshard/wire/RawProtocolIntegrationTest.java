package io.timeshard.wire;

import io.timeshard.protocol.ErrorFields;
import io.timeshard.protocol.FrontendMessages;
import io.timeshard.protocol.MessageStream;
import io.timeshard.protocol.PayloadWriter;
import io.timeshard.protocol.PgMessage;
import io.timeshard.testing.TestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The protocol at the byte level: handshake, pipelining, row limits, malformed input, cancel. */
class RawProtocolIntegrationTest {
    @BeforeAll
    static void startCluster() {
        TestCluster.get();
    }

    private static String types(List<PgMessage> messages) {
        StringBuilder types = new StringBuilder();
        messages.forEach(message -> types.append(message.typeChar()));
        return types.toString();
    }

    @Test
    void answersSslRequestWithNoAndContinues() throws IOException {
        try (RawClient client = new RawClient()) {
            client.stream.writeStartupPacket(new PayloadWriter().int32(80877103).toByteArray());
            client.stream.flush();
            assertThat(client.socket.getInputStream().read()).isEqualTo('N');
            client.startup();
            client.send(new FrontendMessages.Query("SELECT 1; SELECT 2").encode());
            assertThat(types(client.readUntil('Z'))).isEqualTo("TDCTDCZ");
        }
    }

    @Test
    void answersPipelinedExtendedMessagesInOrder() throws IOException {
        try (RawClient client = new RawClient()) {
            client.startup();
            client.send(new FrontendMessages.Parse("s1", "SELECT g FROM generate_series(1, 5) g", List.of()).encode(),
                    new FrontendMessages.Bind("", "s1", List.of(), List.of(), List.of()).encode(),
                    new FrontendMessages.Target('P', "").encode(FrontendMessages.DESCRIBE),
                    new FrontendMessages.Execute("", 2).encode(),
                    FrontendMessages.flush());
            assertThat(types(client.readUntil('s'))).isEqualTo("12TDDs");
            client.send(new FrontendMessages.Execute("", 0).encode(), FrontendMessages.sync());
            assertThat(types(client.readUntil('Z'))).isEqualTo("DDDCZ");
        }
    }

    @Test
    void suspendsHypertableQueriesAtTheRowLimitOfEachExecute() throws Exception {
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS raw_limited");
            statement.execute("CREATE TABLE raw_limited (time timestamptz NOT NULL, device int NOT NULL, value int)");
            statement.execute("SELECT create_distributed_hypertable('raw_limited', 'time', 'device', chunk_time_interval => interval '1 day')");
            statement.execute("INSERT INTO raw_limited SELECT timestamptz '2024-01-01' + g * interval '1 minute', g % 4, g"
                    + " FROM generate_series(1, 20000) g");
        }
        String query = "SELECT value FROM raw_limited WHERE value > $1 ORDER BY value";
        try (RawClient client = new RawClient()) {
            client.startup();
            client.send(new FrontendMessages.Query("BEGIN").encode());
            client.readUntil('Z');
            for (int round = 0; round < 2; round++) { // the second Parse and Bind are answered by the access node itself
                client.send(new FrontendMessages.Parse("", query, List.of(23)).encode(),
                        new FrontendMessages.Bind("limited", "", List.of(), List.of("100".getBytes()), List.of()).encode(),
                        new FrontendMessages.Execute("limited", 3).encode(), FrontendMessages.sync());
                List<PgMessage> first = client.readUntil('Z');
                assertThat(types(first)).isEqualTo("12DDDsZ");
                assertThat(new String(first.get(2).payload(), 6, 3)).isEqualTo("101");
                client.send(new FrontendMessages.Execute("limited", 2).encode(), FrontendMessages.sync());
                List<PgMessage> next = client.readUntil('Z');
                assertThat(types(next)).isEqualTo("DDsZ");
                assertThat(new String(next.get(0).payload(), 6, 3)).isEqualTo("104");
                client.send(new FrontendMessages.Execute("limited", 0).encode(),
                        new FrontendMessages.Target('P', "limited").encode(FrontendMessages.CLOSE), FrontendMessages.sync());
                List<PgMessage> rest = client.readUntil('Z');
                assertThat(rest).hasSize(19_900 - 5 + 3);
                assertThat(types(rest.subList(rest.size() - 3, rest.size()))).isEqualTo("C3Z");
            }
            client.send(new FrontendMessages.Query("COMMIT").encode());
            client.readUntil('Z');
        }
    }

    @Test
    void describesAndBindsHypertableStatementsWhoseParametersTheServerTypes() throws Exception {
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS raw_untyped");
            statement.execute("CREATE TABLE raw_untyped (time timestamptz NOT NULL, device int NOT NULL, value int)");
            statement.execute("SELECT create_distributed_hypertable('raw_untyped', 'time', 'device', chunk_time_interval => interval '1 day')");
            statement.execute("INSERT INTO raw_untyped SELECT timestamptz '2024-01-01' + g * interval '1 hour', g % 4, g FROM generate_series(1, 40) g");
        }
        try (RawClient client = new RawClient()) {
            client.startup();
            // Parse with no types, as asyncpg sends it: Describe must give the types PostgreSQL resolves.
            client.send(new FrontendMessages.Parse("ins", "INSERT INTO raw_untyped VALUES ($1, $2, 1)", List.of()).encode(),
                    new FrontendMessages.Target('S', "ins").encode(FrontendMessages.DESCRIBE), FrontendMessages.sync());
            List<PgMessage> described = client.readUntil('Z');
            assertThat(types(described)).isEqualTo("1tnZ");
            assertThat(described.get(1).payload()).containsExactly(0, 2, 0, 0, 0x04, (byte) 0xa0, 0, 0, 0, 23);
            byte[] device = {0, 0, 0, 2};
            client.send(new FrontendMessages.Parse("", "SELECT count(*) FROM raw_untyped WHERE device = $1", List.of()).encode(),
                    new FrontendMessages.Target('S', "").encode(FrontendMessages.DESCRIBE),
                    new FrontendMessages.Bind("", "", List.of((short) 1), List.of(device), List.of()).encode(),
                    new FrontendMessages.Execute("", 0).encode(), FrontendMessages.sync());
            List<PgMessage> counted = client.readUntil('Z');
            assertThat(types(counted)).isEqualTo("1tT2DCZ");
            assertThat(new String(counted.get(4).payload(), 6, 2)).isEqualTo("10");
        }
    }

    @Test
    void relaysSimpleQueriesInTheClientsEncoding() throws Exception {
        try (RawClient client = new RawClient()) {
            client.startup("timeshard", Map.of("client_encoding", "LATIN1"));
            client.send(new FrontendMessages.Query("DROP TABLE IF EXISTS raw_latin1; CREATE TABLE raw_latin1 (t text)").encode());
            client.readUntil('Z');
            byte[] insert = "INSERT INTO raw_latin1 VALUES ('l\u00fcx')".getBytes(StandardCharsets.ISO_8859_1);
            client.send(new PayloadWriter().bytes(insert).byte1(0).toMessage(FrontendMessages.QUERY));
            assertThat(types(client.readUntil('Z'))).isEqualTo("CZ");
        }
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT t FROM raw_latin1")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("l\u00fcx");
            statement.execute("DROP TABLE IF EXISTS raw_latin1_rows");
            statement.execute("CREATE TABLE raw_latin1_rows (time timestamptz NOT NULL, note text)");
            statement.execute("SELECT create_distributed_hypertable('raw_latin1_rows', 'time', chunk_time_interval => interval '1 day')");
            statement.execute("INSERT INTO raw_latin1_rows VALUES ('2024-01-01', 'l\u00fcx')");
        }
        try (RawClient client = new RawClient()) {
            client.startup("timeshard", Map.of("client_encoding", "LATIN1"));
            client.send(new FrontendMessages.Query("SELECT note FROM raw_latin1_rows").encode());
            List<PgMessage> rows = client.readUntil('Z');
            assertThat(types(rows)).isEqualTo("TDCZ");
            assertThat(rows.get(1).payload()).endsWith(new byte[] {'l', (byte) 0xfc, 'x'});
        }
    }

    @Test
    void skipsToSyncAfterAnError() throws IOException {
        try (RawClient client = new RawClient()) {
            client.startup();
            client.send(new FrontendMessages.Parse("", "SELECT 1 / (g - 1) FROM generate_series(1, 1) g", List.of()).encode(),
                    new FrontendMessages.Bind("", "", List.of(), List.of(), List.of()).encode(),
                    new FrontendMessages.Execute("", 0).encode(),
                    new FrontendMessages.Parse("", "SELECT 1", List.of()).encode(),
                    FrontendMessages.sync());
            List<PgMessage> messages = client.readUntil('Z');
            assertThat(types(messages)).isEqualTo("12EZ");
            assertThat(ErrorFields.decode(messages.get(2)).sqlState()).isEqualTo("22012");
            assertThat(messages.get(3).payload()[0]).isEqualTo((byte) 'I');
        }
    }

    @Test
    void endsOnlyTheOffendingConnectionOnMalformedMessages() throws Exception {
        try (Connection bystander = TestCluster.connect(); Statement statement = bystander.createStatement()) {
            assertFatal(client -> client.socket.getOutputStream().write(new byte[] {'Q', 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}));
            assertFatal(client -> client.socket.getOutputStream().write(new byte[] {'Q', 0, 0, 0, 5, 'x'}));
            assertFatal(client -> client.socket.getOutputStream().write(new byte[] {'?', 0, 0, 0, 4}));
            assertFatal(client -> client.socket.getOutputStream().write(new byte[] {'D', 0, 0, 0, 6, 'Z', 0}));
            try (ResultSet rows = statement.executeQuery("SELECT 42")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(42);
            }
        }
    }

    @Test
    void refusesOversizedStartupPackets() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", TestCluster.get().port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(new PayloadWriter().int32(1_000_000).int32(196608).toByteArray());
            out.flush();
            MessageStream stream = new MessageStream(socket.getInputStream(), OutputStream.nullOutputStream(), 1 << 20);
            PgMessage error = stream.read();
            assertThat(error.typeChar()).isEqualTo('E');
            assertThat(ErrorFields.decode(error).get(ErrorFields.SEVERITY)).isEqualTo("FATAL");
            assertThat(ErrorFields.decode(error).sqlState()).isEqualTo("08P01");
        }
    }

    @FunctionalInterface
    private interface Misbehaviour {
        void apply(RawClient client) throws IOException;
    }

    private static void assertFatal(Misbehaviour misbehaviour) throws IOException {
        try (RawClient client = new RawClient()) {
            client.startup();
            misbehaviour.apply(client);
            client.socket.getOutputStream().flush();
            PgMessage error = client.stream.read();
            assertThat(error.typeChar()).isEqualTo('E');
            ErrorFields fields = ErrorFields.decode(error);
            assertThat(fields.get(ErrorFields.SEVERITY)).isEqualTo("FATAL");
            assertThat(fields.sqlState()).isEqualTo("08P01");
            InputStream in = client.socket.getInputStream();
            assertThat(in.read()).as("connection closed after FATAL").isEqualTo(-1);
        }
    }

    @Test
    void cancelsTheRunningStatement() throws Exception {
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            Instant start = Instant.now();
            CompletableFuture<Void> canceller = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(500);
                    statement.cancel();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThatThrownBy(() -> statement.execute("SELECT pg_sleep(30)")).isInstanceOfSatisfying(PSQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("57014"));
            canceller.get(10, TimeUnit.SECONDS);
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
            try (ResultSet rows = statement.executeQuery("SELECT 'still usable'")) {
                rows.next();
                assertThat(rows.getString(1)).isEqualTo("still usable");
            }
        }
    }
}
