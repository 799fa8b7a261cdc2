package io.timeshard.wire;

import io.timeshard.protocol.ErrorFields;
import io.timeshard.protocol.FrontendMessages;
import io.timeshard.protocol.PayloadWriter;
import io.timeshard.protocol.PgMessage;
import io.timeshard.testing.TestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions in other client encodings and string syntaxes write and read a distributed hypertable and a local twin
 * table through the access node, byte for byte the same messages: the twin is relayed to the home
 * database, so PostgreSQL's own conversions are the judge. Afterwards both tables hold the same text.
 */
class ClientTextDifferentialIntegrationTest {
    private static final String HYPERTABLE = "enc_rows";
    private static final String TWIN = "enc_twin";

    @BeforeAll
    static void createTables() throws SQLException {
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            for (String table : List.of(HYPERTABLE, TWIN)) {
                statement.execute("DROP TABLE IF EXISTS " + table);
                statement.execute("CREATE TABLE " + table + " (time timestamptz NOT NULL, device int NOT NULL, note text)");
            }
            statement.execute("SELECT create_distributed_hypertable('" + HYPERTABLE + "', 'time', 'device', 2,"
                    + " chunk_time_interval => interval '1 day')");
            for (String table : List.of(HYPERTABLE, TWIN)) {
                statement.execute("INSERT INTO " + table + " VALUES ('2024-02-01 00:00+00', 7, 'price 5 \u20ac')");
            }
        }
    }

    /** One session's messages, with TABLE standing for the table; what comes back, message by message. */
    private static List<String> run(Map<String, String> startup, Charset charset, List<Step> steps, String table) throws Exception {
        List<String> transcript = new ArrayList<>();
        try (RawClient client = new RawClient()) {
            client.startup("timeshard", startup);
            for (Step step : steps) {
                client.send(step.messages(table, charset).toArray(PgMessage[]::new));
                PgMessage message;
                do {
                    message = client.stream.read();
                    describe(message, charset, table).ifPresent(transcript::add);
                } while (message.typeChar() != 'Z' && message.typeChar() != 'G');
                if (message.typeChar() == 'G') {
                    client.send(step.copyData(charset));
                    for (PgMessage answer : client.readUntil('Z')) {
                        describe(answer, charset, table).ifPresent(transcript::add);
                    }
                }
            }
        }
        return transcript;
    }

    private static java.util.Optional<String> describe(PgMessage message, Charset charset, String table) {
        return switch (message.typeChar()) {
            case 'D' -> java.util.Optional.of("row " + HexFormat.of().formatHex(message.payload()));
            case 'd' -> java.util.Optional.of("copy data " + HexFormat.of().formatHex(message.payload()));
            case 'C' -> java.util.Optional.of("complete " + new String(message.payload(), StandardCharsets.US_ASCII).trim());
            case 'E' -> {
                ErrorFields error = ErrorFields.decode(new PgMessage(message.type(), reencoded(message.payload(), charset)));
                yield java.util.Optional.of("error " + error.sqlState() + " " + error.message().replace(table, "TABLE"));
            }
            case 'Z' -> java.util.Optional.of("ready " + (char) message.payload()[0]);
            case 'G' -> java.util.Optional.of("copy in");
            default -> java.util.Optional.empty();
        };
    }

    /** An ErrorResponse's text in the client's charset, as UTF-8, for comparing. */
    private static byte[] reencoded(byte[] payload, Charset charset) {
        return new String(payload, charset).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code dataCharset}: that of the COPY data, when not the session's. */
    private record Step(String sql, String copyData, Charset dataCharset, boolean extended, List<Object> parameters) {
        static Step simple(String sql) {
            return new Step(sql, null, null, false, List.of());
        }

        static Step copy(String sql, String data) {
            return new Step(sql, data, null, false, List.of());
        }

        static Step copy(String sql, String data, Charset dataCharset) {
            return new Step(sql, data, dataCharset, false, List.of());
        }

        /** Parse with no parameter types, Describe, Bind with these values (byte[] binary, String text), Execute, Sync. */
        static Step extended(String sql, Object... parameters) {
            return new Step(sql, null, null, true, List.of(parameters));
        }

        List<PgMessage> messages(String table, Charset charset) {
            String text = sql.replace("TABLE", table);
            if (!extended) {
                return List.of(new PayloadWriter().bytes(text.getBytes(charset)).byte1(0).toMessage(FrontendMessages.QUERY));
            }
            PayloadWriter parse = new PayloadWriter().byte1(0).bytes(text.getBytes(charset)).byte1(0).int16(0);
            List<Short> formats = new ArrayList<>();
            List<byte[]> values = new ArrayList<>();
            for (Object parameter : parameters) {
                formats.add((short) (parameter instanceof byte[] ? 1 : 0));
                values.add(parameter instanceof byte[] bytes ? bytes : ((String) parameter).getBytes(charset));
            }
            return List.of(parse.toMessage(FrontendMessages.PARSE), new FrontendMessages.Target('S', "").encode(FrontendMessages.DESCRIBE),
                    new FrontendMessages.Bind("", "", formats, values, List.of()).encode(), new FrontendMessages.Execute("", 0).encode(),
                    FrontendMessages.sync());
        }

        PgMessage[] copyData(Charset charset) {
            byte[] data = copyData.getBytes(dataCharset == null ? charset : dataCharset);
            return new PgMessage[] {new PgMessage((byte) FrontendMessages.COPY_DATA, data),
                    new PgMessage((byte) FrontendMessages.COPY_DONE, new byte[0])};
        }
    }

    private static void assertSameOnBothTables(String encoding, Charset charset, List<Step> steps) throws Exception {
        Map<String, String> startup = Map.of("client_encoding", encoding);
        List<String> distributed = run(startup, charset, steps, HYPERTABLE);
        List<String> local = run(startup, charset, steps, TWIN);
        assertThat(String.join("\n", distributed)).as(encoding).isEqualTo(String.join("\n", local));
        assertThat(rows(HYPERTABLE)).isEqualTo(rows(TWIN));
    }

    private static List<String> rows(String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT time, device, note FROM " + table + " ORDER BY time, device, note")) {
            while (result.next()) {
                rows.add(result.getString(1) + " " + result.getInt(2) + " " + result.getString(3));
            }
        }
        return rows;
    }

    @Test
    void writesAndReadsLatin1Text() throws Exception {
        Charset latin1 = StandardCharsets.ISO_8859_1;
        assertSameOnBothTables("LATIN1", latin1, List.of(
                Step.simple("INSERT INTO TABLE VALUES ('2024-01-01 00:00+00', 1, 'l\u00fcx'), ('2024-01-01 01:00+00', 2, '\u00e9t\u00e9')"),
                Step.simple("INSERT INTO TABLE SELECT timestamptz '2024-01-02 00:00+00' + g * interval '1 hour', g, 'gr\u00fcn ' || g"
                        + " FROM generate_series(1, 4) g"),
                Step.simple("INSERT INTO TABLE VALUES ('2024-01-03 00:00+00', 3, 'na\u00efve') RETURNING note, length(note)"),
                Step.simple("UPDATE TABLE SET note = note || ' \u00df' WHERE device = 2"),
                Step.simple("DELETE FROM TABLE WHERE note = 'gr\u00fcn 3'"),
                Step.extended("INSERT INTO TABLE VALUES ($1, $2, $3)", "2024-01-04 00:00+00", "4", "caf\u00e9"),
                Step.extended("INSERT INTO TABLE VALUES ($1, $2, $3)", "2024-01-04 01:00+00", "5", "\u00e7a".getBytes(latin1)),
                Step.extended("INSERT INTO TABLE VALUES ('2024-01-04 02:00+00', 6, '\u00bfqu\u00e9?') RETURNING note"),
                Step.copy("COPY TABLE FROM STDIN", "2024-01-05 00:00:00+00\t1\tk\u00e4se\n2024-01-05 01:00:00+00\t2\t\u00d8l\n"),
                Step.copy("COPY TABLE (time, device, note) FROM STDIN WITH (FORMAT csv)", "2024-01-05 02:00:00+00,3,\"a,\u00e5\"\n"),
                Step.simple("SELECT note FROM TABLE WHERE note LIKE '%\u00fc%' ORDER BY note"),
                Step.extended("SELECT count(*) FROM TABLE WHERE note = $1", "\u00e9t\u00e9 \u00df"),
                Step.extended("SELECT note FROM TABLE WHERE note = $1", "caf\u00e9".getBytes(latin1)),
                Step.simple("SELECT note FROM TABLE WHERE device = 7"),
                Step.simple("COPY (SELECT note FROM TABLE WHERE device < 7 ORDER BY time, device) TO STDOUT"),
                Step.simple("INSERT INTO TABLE (time, device, n\u00f6te) VALUES ('2024-01-06', 1, 'x')"),
                Step.simple("SELECT 'l\u00fcx' AS \"sp\u00e4lte\", count(*) FROM TABLE WHERE device = 1"),
                Step.simple("BEGIN; INSERT INTO TABLE VALUES ('2024-01-07 00:00+00', 8, 'S\u00f8ren');"
                        + " SELECT note FROM TABLE WHERE time >= '2024-01-07' ORDER BY note; COMMIT")));
    }

    @Test
    void readsStringLiteralsAsTheSessionSays() throws Exception {
        assertSameOnBothTables("UTF8", StandardCharsets.UTF_8, List.of(
                Step.simple("SET standard_conforming_strings = off"),
                Step.simple("INSERT INTO TABLE VALUES ('2024-06-01 00:00+00', 1, 'a\\nb'), ('2024-06-01 01:00+00', 2, 'it\\'s')"),
                Step.simple("INSERT INTO TABLE VALUES ('2024-06-01 02:00+00', 3, E'tab\\there')"),
                Step.simple("SELECT note FROM TABLE WHERE note = 'it\\'s' OR note LIKE 'a\\n%'"),
                Step.simple("UPDATE TABLE SET note = 'x\\ty' WHERE time = '2024-06-01 02:00+00'"),
                Step.simple("RESET standard_conforming_strings"),
                Step.simple("INSERT INTO TABLE VALUES ('2024-06-01 04:00+00', 5, E'\\xc3\\xbc \\u00e9 \\101 \\U0001F600 it''s')"),
                Step.simple("INSERT INTO TABLE VALUES ('2024-06-01 05:00+00', 6, E'\\xfc')"),
                Step.simple("INSERT INTO TABLE VALUES ('2024-06-01 03:00+00', 4, 'back\\slash')"),
                Step.simple("SELECT note FROM TABLE WHERE time >= '2024-06-01' ORDER BY time")));
    }

    @Test
    void refusesTextItCannotConvertOnHypertablesOnly() throws Exception {
        Charset sjis = Charset.forName("Shift_JIS");
        List<Step> steps = List.of(Step.simple("INSERT INTO TABLE VALUES ('2024-05-01 00:00+00', 1, '\u6771\u4eac')"),
                Step.extended("SELECT count(*) FROM TABLE WHERE note = '\u6771\u4eac'"),
                Step.simple("INSERT INTO TABLE VALUES ('2024-05-01 01:00+00', 2, 'ascii')"));
        List<String> distributed = run(Map.of("client_encoding", "SJIS"), sjis, steps, HYPERTABLE);
        List<String> local = run(Map.of("client_encoding", "SJIS"), sjis, steps, TWIN);
        assertThat(distributed).containsExactly(
                "error 0A000 timeshard cannot convert non-ASCII text between client_encoding \"SJIS\" and UTF8 for distributed hypertables",
                "ready I",
                "error 0A000 timeshard cannot convert non-ASCII text between client_encoding \"SJIS\" and UTF8 for distributed hypertables",
                "ready I", "complete INSERT 0 1", "ready I");
        assertThat(local).containsExactly("complete INSERT 0 1", "ready I", "row 0001000000013" + "1", "complete SELECT 1", "ready I",
                "complete INSERT 0 1", "ready I");
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            for (String table : List.of(HYPERTABLE, TWIN)) {
                statement.execute("DELETE FROM " + table + " WHERE time >= '2024-05-01'");
            }
        }
    }

    @Test
    void writesCyrillicInWindows1251AndCopiesWithTheEncodingOption() throws Exception {
        Charset win1251 = Charset.forName("windows-1251");
        assertSameOnBothTables("WIN1251", win1251, List.of(
                Step.simple("INSERT INTO TABLE VALUES ('2024-03-01 00:00+00', 1, '\u043f\u0440\u0438\u0432\u0435\u0442')"),
                Step.copy("COPY TABLE FROM STDIN", "2024-03-01 01:00:00+00\t2\t\u043c\u0438\u0440\n"),
                Step.simple("SELECT note FROM TABLE WHERE time >= '2024-03-01' ORDER BY time")));
        assertSameOnBothTables("UTF8", StandardCharsets.UTF_8, List.of(
                Step.copy("COPY TABLE FROM STDIN WITH (ENCODING 'windows-1251')", "2024-03-02 00:00:00+00\t3\t\u0434\u0430\n", win1251),
                Step.copy("COPY TABLE FROM STDIN WITH (ENCODING 'bogus')", ""),
                Step.simple("SELECT note FROM TABLE WHERE time >= '2024-03-02' ORDER BY time")));
    }

    @Test
    void reportsBadBytesAsPostgresDoes() throws Exception {
        assertSameOnBothTables("UTF8", StandardCharsets.ISO_8859_1, List.of(
                Step.simple("INSERT INTO TABLE VALUES ('2024-04-01 00:00+00', 1, 'l\u00fcx')"),
                Step.copy("COPY TABLE FROM STDIN", "2024-04-01 01:00:00+00\t2\tok\n2024-04-01 02:00:00+00\t2\tl\u00fcx\n")));
        assertSameOnBothTables("EUC_KR", Charset.forName("EUC-KR"), List.of(
                Step.simple("INSERT INTO TABLE VALUES ('2024-04-02 00:00+00', 1, '\ud55c\uae00')"),
                Step.simple("SELECT note FROM TABLE WHERE time >= '2024-04-02'")));
    }
}
