package io.timeshard.wire;

import io.timeshard.embedded.PostgresInstance;
import io.timeshard.testing.TestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** psql against the access node: -c, -f, statements on standard input, meta-commands and \copy. */
class PsqlIntegrationTest {
    private static PostgresInstance spare;

    @BeforeAll
    static void start() {
        assertThat(Files.isExecutable(Path.of("/usr/bin/psql"))).as("psql is installed (.ci/install-test-clients: postgresql-client)").isTrue();
        TestCluster.get();
        spare = TestCluster.startSparePostgres("spare-psql");
    }

    private record Result(int exitCode, String output) {}

    private static Result psql(String stdin, String... arguments) throws IOException, InterruptedException {
        return psql(StandardCharsets.UTF_8, stdin, arguments);
    }

    /** psql with PGCLIENTENCODING set to the charset's name in PostgreSQL, input and output in it. */
    private static Result psql(Charset charset, String stdin, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("psql", "-X", "-h", "127.0.0.1", "-p", Integer.toString(TestCluster.get().port()),
                "-U", "postgres", "-d", "timeshard", "-v", "ON_ERROR_STOP=1"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGCLIENTENCODING", charset.equals(StandardCharsets.ISO_8859_1) ? "LATIN1" : "UTF8");
        Process process = builder.start();
        process.getOutputStream().write(stdin.getBytes(charset));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), charset);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    @Test
    void keepsEveryByteOfALatin1Session() throws Exception {
        Result setup = psql("", "-c", "DROP TABLE IF EXISTS psql_latin1", "-c", "CREATE TABLE psql_latin1 (time timestamptz NOT NULL, note text)",
                "-c", "SELECT create_distributed_hypertable('psql_latin1', 'time', chunk_time_interval => interval '1 day')");
        assertThat(setup.exitCode()).as(setup.output()).isZero();
        Result latin1 = psql(StandardCharsets.ISO_8859_1, """
                INSERT INTO psql_latin1 VALUES ('2024-01-01', 'l\u00fcx');
                COPY psql_latin1 FROM STDIN;
                2024-01-02 00:00:00+00\tK\u00e4se
                \\.
                SELECT note FROM psql_latin1 ORDER BY time;
                """, "-At");
        assertThat(latin1.exitCode()).as(latin1.output()).isZero();
        assertThat(latin1.output()).contains("l\u00fcx\nK\u00e4se\n");
        Result utf8 = psql("", "-At", "-c", "SELECT string_agg(note, ',' ORDER BY time) FROM psql_latin1");
        assertThat(utf8.output()).isEqualTo("l\u00fcx,K\u00e4se\n");
    }

    @Test
    void printsHypertableRowsInEveryDateStyle() throws Exception {
        String rows = " SELECT timestamptz '2024-01-01 00:00+00' + g * interval '7 hours', g % 3, date '2024-01-01' + g,"
                + " g * interval '90 minutes' FROM generate_series(0, 99) g";
        String columns = " (time timestamptz NOT NULL, device int NOT NULL, day date, span interval)";
        Result setup = psql("", "-c", "DROP TABLE IF EXISTS psql_dated", "-c", "CREATE TABLE psql_dated" + columns,
                "-c", "SELECT create_distributed_hypertable('psql_dated', 'time', 'device', chunk_time_interval => interval '1 day')",
                "-c", "INSERT INTO psql_dated" + rows, "-c", "DROP TABLE IF EXISTS psql_dated_local",
                "-c", "CREATE TABLE psql_dated_local" + columns, "-c", "INSERT INTO psql_dated_local" + rows);
        assertThat(setup.exitCode()).as(setup.output()).isZero();
        for (String style : List.of("German, DMY", "SQL, MDY", "Postgres, DMY", "ISO, DMY")) {
            String session = "SET DateStyle = '" + style + "'; SET IntervalStyle = 'sql_standard';"
                    + " INSERT INTO TABLE VALUES ('03.01.2024 05:00 UTC', 9, '04.01.2024', '1 day');"
                    + " SELECT * FROM TABLE WHERE time >= '02.01.2024' ORDER BY time LIMIT 5;"
                    + " SELECT device, max(time), min(day), sum(span) FROM TABLE GROUP BY device ORDER BY device;"
                    + " DELETE FROM TABLE WHERE device = 9;";
            Result distributed = psql("", "-At", "-c", session.replace("TABLE", "psql_dated"));
            Result local = psql("", "-At", "-c", session.replace("TABLE", "psql_dated_local"));
            assertThat(distributed.exitCode()).as(distributed.output()).isZero();
            assertThat(distributed.output()).as(style).isEqualTo(local.output());
        }
    }

    @Test
    void runsCommandsAndMetaCommands() throws Exception {
        Result result = psql("", "-c", "DROP TABLE IF EXISTS psql_items", "-c", "CREATE TABLE psql_items (id int PRIMARY KEY, name text)",
                "-c", "\\dt psql_items", "-c", "\\d psql_items", "-c", "\\df add_data_node", "-c", "\\l");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("public | psql_items | table | postgres")
                .contains("Table \"public.psql_items\"").contains("psql_items_pkey")
                .contains("add_data_node").contains("timeshard");
    }

    @Test
    void runsFilesAndStandardInputWithCopy() throws Exception {
        Path script = Files.createTempFile("timeshard-psql", ".sql");
        Files.writeString(script, """
                DROP TABLE IF EXISTS psql_copy;
                CREATE TABLE psql_copy (id int, label text);
                \\copy psql_copy FROM STDIN WITH (FORMAT csv)
                1,one
                2,two
                \\.
                SELECT count(*) AS copied FROM psql_copy;
                """);
        Result file = psql("", "-f", script.toString());
        assertThat(file.exitCode()).as(file.output()).isZero();
        assertThat(file.output()).contains("COPY 2").contains("2");

        Result stdin = psql("BEGIN;\nINSERT INTO psql_copy VALUES (3, 'three');\nCOMMIT;\nSELECT string_agg(label, ',' ORDER BY id) FROM psql_copy;\n");
        assertThat(stdin.exitCode()).as(stdin.output()).isZero();
        assertThat(stdin.output()).contains("one,two,three");
    }

    @Test
    void runsTheSeedsDataNodeStatements() throws Exception {
        Result result = psql("", "-c", "SELECT add_data_node('psql_node', host => '127.0.0.1', port => " + spare.port()
                        + ", database => 'psql_node_db');",
                "-c", "SELECT node_name FROM timescaledb_information.data_nodes ORDER BY 1;",
                "-c", "SELECT delete_data_node('psql_node');");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("(psql_node,127.0.0.1," + spare.port() + ",psql_node_db,t,t,t)")
                .contains(" psql_node").contains(" t\n");
    }

    @Test
    void runsTheSeedsQueriesWithPushDown() throws Exception {
        Result setup = psql("", "-c", "DROP TABLE IF EXISTS conditions", "-c", "CREATE TABLE conditions (time TIMESTAMPTZ NOT NULL,"
                + " location TEXT NOT NULL, temperature DOUBLE PRECISION NULL, humidity DOUBLE PRECISION NULL)",
                "-c", "SELECT create_distributed_hypertable('conditions', 'time', 'location')",
                "-c", "INSERT INTO conditions SELECT timestamptz '2024-01-01' + g * interval '1 minute', 'office_' || (g % 5), g % 40, g % 90"
                        + " FROM generate_series(0, 4999) g");
        assertThat(setup.exitCode()).as(setup.output()).isZero();
        Result result = psql("""
                SELECT location, max(temperature) FROM conditions GROUP BY location;
                SELECT max(temperature) FROM conditions;
                SELECT time_bucket('1 hour', time) AS hour, location, avg(temperature)
                FROM conditions
                GROUP BY hour, location
                ORDER BY hour, location
                LIMIT 100;
                SELECT time_bucket('1 hour', time) AS hour, avg(temperature)
                FROM conditions
                WHERE location = 'office_1'
                GROUP BY hour
                ORDER BY hour
                LIMIT 100;
                EXPLAIN VERBOSE SELECT location, max(temperature) FROM conditions GROUP BY location;
                EXPLAIN VERBOSE SELECT max(temperature) FROM conditions;
                """);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("(5 rows)", "(1 row)", "(100 rows)", "(84 rows)", "Strategy: full", "Strategy: partial",
                "Remote SQL: SELECT location, max(temperature) FROM", "Data node: dn1");
    }

    @Test
    void reportsErrorsWithTheirSqlState() throws Exception {
        Result result = psql("\\set VERBOSITY verbose\nSELECT delete_data_node('missing_node');\n");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("ERROR:  42704: server \"missing_node\" does not exist");
    }

    @Test
    void servesAnInteractiveSession() throws Exception {
        assertThat(Files.isExecutable(Path.of("/usr/bin/script"))).as("script (util-linux) gives psql a terminal").isTrue();
        String psql = "psql -X -P pager=off -h 127.0.0.1 -p " + TestCluster.get().port() + " -U postgres -d timeshard";
        // script runs psql on a pseudo-terminal, so psql behaves as with a person at the keyboard;
        // each line is typed once psql shows its prompt (readline drops what was typed ahead).
        Process process = new ProcessBuilder("script", "-qec", psql, "/dev/null").redirectErrorStream(true).start();
        StringBuffer screen = new StringBuffer();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                byte[] buffer = new byte[4096];
                int read;
                while ((read = process.getInputStream().read(buffer)) > 0) {
                    screen.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        try {
            awaitScreen(screen, "timeshard=#", 1);
            type(process, "SELECT 40 + 2 AS answer;\n");
            awaitScreen(screen, "timeshard=#", 2);
            type(process, "\\q\n");
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(5_000);
            assertThat(screen.toString()).contains("answer").contains("42");
        } finally {
            process.destroyForcibly();
        }
    }

    private static void type(Process process, String line) throws IOException {
        process.getOutputStream().write(line.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    private static void awaitScreen(StringBuffer screen, String text, int times) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (screen.toString().split(java.util.regex.Pattern.quote(text), -1).length - 1 < times) {
            assertThat(System.currentTimeMillis()).as("waiting for \"" + text + "\" in:\n" + screen).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
