package io.timeshard.security;

import io.timeshard.node.LocalCluster;
import io.timeshard.testing.TestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of statement on a distributed hypertable, run by roles with different privileges
 * through both protocols, must get PostgreSQL's answer: the same statement on a local table with
 * the same owner and grants is the judge (success, or the SQLSTATE of its error). A new path or
 * statement kind belongs in {@link #STATEMENTS}. A few answers are also stated outright, so that the
 * judge itself cannot drift.
 */
class PrivilegeMatrixIntegrationTest {
    private static final String HYPERTABLE = "sec.metrics";
    private static final String LOCAL = "sec.metrics_local";

    /** Roles and what they were granted on both tables. */
    private static final List<String> ROLES = List.of("ts_owner", "ts_reader", "ts_writer", "ts_colreader", "ts_appender",
            "ts_nobody", "postgres");

    /** Statement templates: %s is the table. A leading "tx:" runs it in a transaction block that is rolled back. */
    private static final List<String> STATEMENTS = List.of(
            "SELECT * FROM %s",
            "SELECT max(v) FROM %s",
            "SELECT dev, count(*) FROM %s GROUP BY dev",
            "SELECT time, dev FROM %s ORDER BY time DESC LIMIT 5",
            "SELECT dev FROM %s WHERE time > timestamptz '2024-01-01' GROUP BY dev",
            "SELECT v FROM %s WHERE dev = 1",
            "SELECT count(*) FROM %s",
            "SELECT m.dev, l.name FROM %s m JOIN sec.lookup l ON l.dev = m.dev",
            "WITH x AS (SELECT * FROM %s) SELECT count(*) FROM x",
            "SELECT dev, avg(v) OVER (PARTITION BY dev) FROM %s",
            "EXPLAIN SELECT max(v) FROM %s",
            "INSERT INTO %s VALUES ('2024-02-01 00:00', 9, 9.5)",
            "INSERT INTO %s (time, dev) VALUES ('2024-02-01 00:00', 9)",
            "INSERT INTO %s SELECT '2024-02-02', 9, 1.5",
            "INSERT INTO %s VALUES ('2024-02-01 00:00', 9, 9.5) RETURNING dev",
            "UPDATE %s SET v = v WHERE dev = -1",
            "UPDATE %s SET v = 0 WHERE v < -1000",
            "DELETE FROM %s WHERE dev = -1",
            "DELETE FROM %s WHERE v < -1000",
            "COPY %s TO STDOUT",
            "COPY %s (time, dev) TO STDOUT",
            "COPY %s FROM STDIN",
            "tx:SELECT * FROM %s",
            "tx:INSERT INTO %s VALUES ('2024-02-03 00:00', 3, 1.0)",
            "tx:DELETE FROM %s WHERE dev = -1",
            "tx:TRUNCATE %s",
            "tx:DECLARE c CURSOR FOR SELECT * FROM %s",
            "tx:CREATE TEMP VIEW tv AS SELECT * FROM %s; SELECT count(*) FROM tv",
            "tx:ALTER TABLE %s ADD COLUMN extra int",
            "tx:CREATE INDEX ON %s (v)",
            "tx:GRANT SELECT ON %s TO ts_nobody",
            "tx:LOCK TABLE %s IN SHARE MODE",
            // after a write in the same transaction, queries take another path (the chunks copied home)
            "tx:INSERT INTO %s VALUES ('2024-02-04 00:00', 4, 4.0); SELECT max(v) FROM %s JOIN sec.lookup USING (dev)",
            "tx:INSERT INTO %s VALUES ('2024-02-04 00:00', 4, 4.0); SELECT count(*) FROM %s JOIN sec.lookup USING (dev)",
            "tx:INSERT INTO %s VALUES ('2024-02-04 00:00', 4, 4.0); SELECT max(v) FROM %s",
            "VACUUM %s",
            "ANALYZE %s");

    private static String url;

    @BeforeAll
    static void createRolesAndTables() throws SQLException {
        url = TestCluster.get().jdbcUrl();
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS sec CASCADE");
            for (String role : ROLES.subList(0, ROLES.size() - 1)) {
                statement.execute("DROP ROLE IF EXISTS " + role);
                statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'pw'");
            }
            statement.execute("CREATE SCHEMA sec AUTHORIZATION ts_owner");
            statement.execute("GRANT USAGE ON SCHEMA sec TO PUBLIC");
        }
        try (Connection owner = connect("ts_owner", false); Statement statement = owner.createStatement()) {
            for (String table : List.of(HYPERTABLE, LOCAL)) {
                statement.execute("CREATE TABLE " + table + " (time timestamptz NOT NULL, dev int NOT NULL, v float8)");
                statement.execute("GRANT SELECT ON " + table + " TO ts_reader");
                statement.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + table + " TO ts_writer");
                statement.execute("GRANT SELECT (time, dev) ON " + table + " TO ts_colreader");
                statement.execute("GRANT INSERT, SELECT (time, dev) ON " + table + " TO ts_appender");
            }
            statement.execute("CREATE TABLE sec.lookup (dev int, name text)");
            statement.execute("INSERT INTO sec.lookup VALUES (1, 'one'), (2, 'two')");
            statement.execute("GRANT SELECT ON sec.lookup TO PUBLIC");
            statement.execute("SELECT create_distributed_hypertable('" + HYPERTABLE + "', 'time', 'dev', chunk_time_interval => interval '1 day')");
            for (String table : List.of(HYPERTABLE, LOCAL)) {
                statement.execute("INSERT INTO " + table + " SELECT timestamptz '2024-01-01' + g * interval '1 hour', g % 4, g FROM generate_series(0, 99) g");
            }
        }
    }

    @Test
    void everyRoleGetsPostgresAnswerOnEveryPathAndProtocol() throws Exception {
        List<String> differences = new ArrayList<>();
        Map<String, Map<String, String>> matrix = new LinkedHashMap<>();
        for (boolean extended : new boolean[] {false, true}) {
            for (String role : ROLES) {
                try (Connection connection = connect(role, extended)) {
                    for (String template : STATEMENTS) {
                        String expected = outcome(connection, template, LOCAL);
                        String actual = outcome(connection, template, HYPERTABLE);
                        matrix.computeIfAbsent(template, key -> new LinkedHashMap<>()).merge(role, actual,
                                (simple, other) -> simple.equals(other) ? simple : simple + "/" + other);
                        if (!expected.equals(actual)) {
                            differences.add((extended ? "extended " : "simple ") + role + ": " + template + " -> PostgreSQL " + expected
                                    + ", timeshard " + actual);
                        }
                    }
                }
            }
        }
        Files.writeString(Path.of("target", "privilege-matrix-differences.txt"), String.join("\n", differences));
        Files.writeString(Path.of("target", "privilege-matrix.md"), table(matrix));
        assertThat(differences).isEmpty();
    }

    /** The answers as a Markdown table: a statement per row, a role per column ("ok" or the SQLSTATE). */
    private static String table(Map<String, Map<String, String>> matrix) {
        StringBuilder text = new StringBuilder("| statement | " + String.join(" | ", ROLES) + " |\n|---|"
                + "---|".repeat(ROLES.size()) + "\n");
        matrix.forEach((template, answers) -> text.append("| `").append(template.replace("%s", "t").replace("|", "\\|")).append("` | ")
                .append(String.join(" | ", ROLES.stream().map(answers::get).toList())).append(" |\n"));
        return text.toString();
    }

    @Test
    void statedAnswersHold() throws Exception {
        try (Connection nobody = connect("ts_nobody", true); Connection reader = connect("ts_reader", true);
             Connection colreader = connect("ts_colreader", true)) {
            assertThat(outcome(nobody, "SELECT max(v) FROM %s", HYPERTABLE)).isEqualTo("42501");
            assertThat(outcome(nobody, "UPDATE %s SET v = 0", HYPERTABLE)).isEqualTo("42501");
            assertThat(outcome(reader, "SELECT max(v) FROM %s", HYPERTABLE)).isEqualTo("ok");
            assertThat(outcome(reader, "DELETE FROM %s WHERE dev = 1", HYPERTABLE)).isEqualTo("42501");
            assertThat(outcome(colreader, "SELECT max(v) FROM %s", HYPERTABLE)).isEqualTo("42501");
            assertThat(outcome(colreader, "SELECT dev, count(*) FROM %s GROUP BY dev", HYPERTABLE)).isEqualTo("ok");
            assertThat(outcome(nobody, "SELECT create_distributed_hypertable('%s', 'time')", LOCAL)).isEqualTo("42501");
            // A SECURITY DEFINER function reads with its owner's privileges, on the home path as in PostgreSQL.
            try (Connection owner = connect("ts_owner", true); Statement statement = owner.createStatement()) {
                statement.execute("CREATE OR REPLACE FUNCTION sec.metrics_count() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER"
                        + " AS 'SELECT count(*) FROM " + HYPERTABLE + "'");
            }
            assertThat(outcome(nobody, "SELECT sec.metrics_count()%s", "")).isEqualTo("ok");
            // Nobody records the commit decision of someone else's distributed transaction.
            assertThat(outcome(nobody, "INSERT INTO _timeshard_catalog.committed_transaction (gid) VALUES ('ts_1_aaaaaaaaaaaa')%s", ""))
                    .isEqualTo("42501");
            assertThat(outcome(nobody, "SELECT _timeshard_catalog.record_commit('ts_1_aaaaaaaaaaaa')%s", "")).isEqualTo("42501");
            try (Statement statement = nobody.createStatement()) {
                statement.execute("VACUUM " + HYPERTABLE);
                java.sql.SQLWarning warning = statement.getWarnings();
                assertThat((Object) warning).isNotNull();
                assertThat(warning.getMessage()).contains("permission denied to vacuum");
            }
        }
    }

    /** timeshard's functions, by TimescaleDB's rules: "owner" needs the hypertable's owner, "superuser" a superuser, "any" nothing. */
    private static final Map<String, String> FUNCTIONS = functions();

    private static Map<String, String> functions() {
        Map<String, String> functions = new LinkedHashMap<>();
        functions.put("SELECT set_number_partitions('sec.metrics', 3)", "owner");
        functions.put("SELECT set_chunk_time_interval('sec.metrics', interval '1 day')", "owner");
        functions.put("SELECT set_replication_factor('sec.metrics', 1)", "owner");
        functions.put("SELECT drop_chunks('sec.metrics', older_than => timestamptz '2000-01-01')", "owner");
        functions.put("SELECT attach_data_node('dn1', hypertable => 'sec.metrics', if_not_attached => true)", "owner");
        functions.put("SELECT show_chunks('sec.metrics')", "any");
        functions.put("SELECT * FROM timescaledb_information.chunks WHERE hypertable_name = 'metrics'", "any");
        functions.put("CALL distributed_exec('SELECT 1')", "superuser");
        functions.put("SELECT alter_data_node('dn1')", "superuser");
        functions.put("SELECT delete_data_node('dn_missing', if_exists => true)", "superuser");
        functions.put("SELECT add_data_node('dn1', host => '127.0.0.1', if_not_exists => true)", "superuser");
        functions.put("SELECT detach_data_node('dn_missing', if_attached => true)", "superuser");
        return functions;
    }

    @Test
    void timeshardFunctionsNeedWhatTimescaleDbNeeds() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (String role : List.of("ts_owner", "ts_writer", "ts_nobody", "postgres")) {
            try (Connection connection = connect(role, true)) {
                for (Map.Entry<String, String> function : FUNCTIONS.entrySet()) {
                    boolean allowed = switch (function.getValue()) {
                        case "owner" -> role.equals("ts_owner") || role.equals("postgres");
                        case "superuser" -> role.equals("postgres");
                        default -> true;
                    };
                    String outcome = outcome(connection, function.getKey(), "");
                    if (allowed == outcome.equals("42501")) {
                        wrong.add(role + ": " + function.getKey() + " -> " + outcome);
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void distributedExecRunsAsTheCallingRoleWhereTheNodeHasIt() throws Exception {
        try (Connection admin = TestCluster.connect(); Statement statement = admin.createStatement()) {
            statement.execute("DROP ROLE IF EXISTS ts_admin");
            statement.execute("CREATE ROLE ts_admin SUPERUSER LOGIN");
            statement.execute("CALL distributed_exec('DROP TABLE IF EXISTS exec_as_caller; DROP ROLE IF EXISTS ts_admin; CREATE ROLE ts_admin SUPERUSER',"
                    + " node_list => '{dn1}')");
        }
        try (Connection admin = connect("ts_admin", true); Statement statement = admin.createStatement()) {
            statement.execute("CALL distributed_exec('CREATE TABLE exec_as_caller (a int)', node_list => '{dn1,dn2}')");
        }
        List<String> owners = new ArrayList<>();
        for (int node = 0; node < 2; node++) {
            try (Connection connection = TestCluster.get().dataNodes().get(node).connect("timeshard"); Statement statement = connection.createStatement();
                 var rows = statement.executeQuery("SELECT tableowner FROM pg_tables WHERE tablename = 'exec_as_caller'")) {
                rows.next();
                owners.add(rows.getString(1));
            }
        }
        assertThat(owners).containsExactly("ts_admin", "postgres"); // dn2 has no such role: its owner role ran it
        try (Connection admin = TestCluster.connect(); Statement statement = admin.createStatement()) {
            statement.execute("CALL distributed_exec('DROP TABLE exec_as_caller', node_list => '{dn1,dn2}')");
        }
    }

    @Test
    void chunksForeignTablesChangeOnlyThroughTheirHypertable() throws Exception {
        String chunk = value("SELECT chunk_schema || '.' || chunk_name FROM timescaledb_information.chunks"
                + " WHERE hypertable_schema = 'sec' AND hypertable_name = 'metrics' LIMIT 1");
        try (Connection owner = connect("ts_owner", true)) {
            assertThat(outcome(owner, "ALTER FOREIGN TABLE %s OPTIONS (SET table_name 'pg_authid')", chunk)).isEqualTo("42501");
            assertThat(outcome(owner, "ALTER TABLE %s NO INHERIT sec.metrics", chunk)).isEqualTo("42501");
            assertThat(outcome(owner, "DROP FOREIGN TABLE %s", chunk)).isEqualTo("42501");
            assertThat(outcome(owner, "tx:ALTER TABLE %s ADD COLUMN note text", HYPERTABLE)).isEqualTo("ok");
        }
    }

    @Test
    void rowLevelSecurityFiltersReadsAsPostgresDoesAndRefusesWritesClearly() throws Exception {
        try (Connection owner = connect("ts_owner", true); Statement statement = owner.createStatement()) {
            for (String table : List.of("sec.rls_metrics", "sec.rls_local")) {
                statement.execute("DROP TABLE IF EXISTS " + table);
                statement.execute("CREATE TABLE " + table + " (time timestamptz NOT NULL, dev int NOT NULL, v float8, who text)");
                if (table.equals("sec.rls_metrics")) {
                    statement.execute("SELECT create_distributed_hypertable('" + table + "', 'time', 'dev', chunk_time_interval => interval '1 day')");
                }
                statement.execute("INSERT INTO " + table + " SELECT timestamptz '2024-01-01' + g * interval '1 hour', g % 4, g,"
                        + " CASE WHEN g % 3 = 0 THEN 'ts_reader' ELSE 'ts_writer' END FROM generate_series(0, 99) g");
                statement.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + table + " TO ts_reader");
                statement.execute("ALTER TABLE " + table + " ENABLE ROW LEVEL SECURITY");
                statement.execute("CREATE POLICY mine ON " + table + " USING (who = current_user)");
            }
            assertThat(rows(owner, "SELECT count(*) FROM sec.rls_metrics")).isEqualTo(List.of(List.of("100")));
        }
        try (Connection reader = connect("ts_reader", true)) {
            for (String query : List.of("SELECT count(*) FROM %s", "SELECT dev, max(v) FROM %s GROUP BY dev ORDER BY dev",
                    "SELECT time, v FROM %s ORDER BY time DESC LIMIT 5", "EXPLAIN (COSTS OFF) SELECT count(*) FROM %s WHERE false")) {
                if (query.startsWith("EXPLAIN")) {
                    assertThat(outcome(reader, query, "sec.rls_metrics")).isEqualTo("ok");
                } else {
                    assertThat(rows(reader, String.format(query, "sec.rls_metrics"))).as(query)
                            .isEqualTo(rows(reader, String.format(query, "sec.rls_local")));
                }
            }
            assertThat(rows(reader, "SELECT count(*) FROM sec.rls_metrics")).isEqualTo(List.of(List.of("34")));
            assertThat(outcome(reader, "UPDATE %s SET v = 0", "sec.rls_metrics")).isEqualTo("0A000");
            assertThat(outcome(reader, "INSERT INTO %s VALUES ('2024-01-01', 1, 1, 'ts_reader')", "sec.rls_metrics")).isEqualTo("0A000");
        }
    }

    private static List<List<String>> rows(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); var result = statement.executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    @Test
    void grantsToPublicReachEveryRole() throws Exception {
        try (Connection owner = connect("ts_owner", true); Statement statement = owner.createStatement();
             Connection nobody = connect("ts_nobody", false)) {
            statement.execute("GRANT SELECT ON " + HYPERTABLE + " TO PUBLIC");
            try {
                assertThat(outcome(nobody, "SELECT max(v) FROM %s", HYPERTABLE)).isEqualTo("ok");
            } finally {
                statement.execute("REVOKE SELECT ON " + HYPERTABLE + " FROM PUBLIC");
            }
            assertThat(outcome(nobody, "SELECT max(v) FROM %s", HYPERTABLE)).isEqualTo("42501");
        }
    }

    @Test
    void aRoleWithoutSuperuserCommitsTransactionsThatSpanNodes() throws Exception {
        try (Connection writer = connect("ts_writer", true); Statement statement = writer.createStatement()) {
            writer.setAutoCommit(false);
            statement.execute("INSERT INTO " + HYPERTABLE + " SELECT timestamptz '2024-03-01' + g * interval '1 hour', 100 + g, 0"
                    + " FROM generate_series(1, 20) g");
            writer.commit(); // two-phase: the decision is recorded in the writer's own home transaction
            try (var rows = statement.executeQuery("SELECT count(*) FROM " + HYPERTABLE + " WHERE dev > 100")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(20);
            }
            statement.execute("DELETE FROM " + HYPERTABLE + " WHERE dev > 100");
            writer.commit();
        }
    }

    @Test
    void setRoleChangesWhatTheSessionMayRead() throws Exception {
        try (Connection connection = connect("postgres", true); Statement statement = connection.createStatement()) {
            assertThat(outcome(connection, "SELECT max(v) FROM %s", HYPERTABLE)).isEqualTo("ok");
            statement.execute("SET ROLE ts_nobody");
            assertThat(outcome(connection, "SELECT max(v) FROM %s", HYPERTABLE)).isEqualTo("42501");
            statement.execute("RESET ROLE");
            assertThat(outcome(connection, "SELECT max(v) FROM %s", HYPERTABLE)).isEqualTo("ok");
        }
    }

    private static String value(String sql) throws SQLException {
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement();
             var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    @Test
    void aRememberedCheckEndsWithEveryChangeThatMayTakePrivilegesAway() throws Exception {
        // Sessions remember the checks they passed (PrivilegeChecks); DDL ends that at once (an event trigger), a change of the
        // session's own role too, and a change of roles made directly at home within the access node's poll of them.
        String insert = "INSERT INTO " + HYPERTABLE + " VALUES ('2024-02-07 00:00', 7, %d)";
        String query = "SELECT count(*) FROM " + HYPERTABLE + " WHERE dev = 7 AND v = %d";
        try (Connection owner = connect("ts_owner", false); Connection home = TestCluster.get().home().connect(LocalCluster.DATABASE);
             Statement asOwner = owner.createStatement(); Statement atHome = home.createStatement()) {
            atHome.execute("DROP ROLE IF EXISTS ts_group");
            atHome.execute("CREATE ROLE ts_group");
            asOwner.execute("GRANT INSERT, SELECT ON " + HYPERTABLE + " TO ts_group");
            atHome.execute("GRANT ts_group TO ts_nobody");
            atHome.execute("GRANT ts_reader TO ts_writer");
            for (boolean extended : new boolean[] {false, true}) {
                try (Connection writer = connect("ts_writer", extended); Connection member = connect("ts_nobody", extended)) {
                    for (int i = 1; i <= 3; i++) {
                        assertThat(outcome(writer, insert.formatted(i), "")).isEqualTo("ok");
                        assertThat(outcome(writer, query.formatted(i), "")).isEqualTo("ok");
                    }
                    asOwner.execute("REVOKE INSERT ON " + HYPERTABLE + " FROM ts_writer");
                    assertThat(outcome(writer, insert.formatted(4), "")).isEqualTo("42501");
                    assertThat(outcome(writer, query.formatted(4), "")).isEqualTo("ok");
                    asOwner.execute("GRANT INSERT ON " + HYPERTABLE + " TO ts_writer");
                    assertThat(outcome(writer, insert.formatted(5), "")).isEqualTo("ok");
                    atHome.execute("REVOKE INSERT ON " + HYPERTABLE + " FROM ts_writer"); // not through the access node
                    assertThat(eventually(writer, insert.formatted(6), "42501")).isEqualTo("42501");
                    atHome.execute("GRANT INSERT ON " + HYPERTABLE + " TO ts_writer");
                    assertThat(eventually(writer, insert.formatted(7), "ok")).isEqualTo("ok");

                    for (String become : List.of("SET ROLE ts_reader", "SELECT set_config('role', 'ts_reader', false)")) {
                        assertThat(outcome(writer, insert.formatted(8), "")).isEqualTo("ok");
                        run(writer, become);
                        assertThat(outcome(writer, insert.formatted(9), "")).as(become).isEqualTo("42501");
                        run(writer, "RESET ROLE");
                        assertThat(outcome(writer, insert.formatted(10), "")).isEqualTo("ok");
                    }
                    assertThat(outcome(writer, "tx:SET LOCAL ROLE ts_reader; " + insert.formatted(11), "")).isEqualTo("42501");
                    assertThat(outcome(writer, insert.formatted(11), "")).isEqualTo("ok");

                    assertThat(outcome(member, insert.formatted(12), "")).isEqualTo("ok");
                    assertThat(outcome(member, insert.formatted(13), "")).isEqualTo("ok");
                    atHome.execute("REVOKE ts_group FROM ts_nobody"); // fires no event trigger
                    assertThat(eventually(member, insert.formatted(14), "42501")).isEqualTo("42501");
                    atHome.execute("GRANT ts_group TO ts_nobody");
                    assertThat(eventually(member, insert.formatted(15), "ok")).isEqualTo("ok");
                }
            }
            atHome.execute("REVOKE ts_reader FROM ts_writer");
            atHome.execute("REVOKE ts_group FROM ts_nobody");
            asOwner.execute("REVOKE ALL ON " + HYPERTABLE + " FROM ts_group");
        }
    }

    /** The statement's outcome once it is {@code expected}, or after three seconds. */
    private static String eventually(Connection connection, String sql, String expected) throws Exception {
        String outcome = outcome(connection, sql, "");
        for (int attempt = 0; attempt < 30 && !outcome.equals(expected); attempt++) {
            Thread.sleep(100);
            outcome = outcome(connection, sql, "");
        }
        return outcome;
    }

    /** "ok", or the SQLSTATE the statement failed with. */
    private static String outcome(Connection connection, String template, String table) throws Exception {
        boolean inBlock = template.startsWith("tx:");
        String sql = String.format(inBlock ? template.substring(3) : template, table, table);
        connection.setAutoCommit(!inBlock);
        try {
            run(connection, sql);
            return "ok";
        } catch (SQLException e) {
            return e.getSQLState();
        } finally {
            if (inBlock) {
                connection.rollback();
            }
        }
    }

    private static void run(Connection connection, String sql) throws Exception {
        if (sql.startsWith("COPY") && sql.endsWith("TO STDOUT")) {
            ((PGConnection) connection).getCopyAPI().copyOut(sql, new StringWriter());
        } else if (sql.startsWith("COPY")) {
            ((PGConnection) connection).getCopyAPI().copyIn(sql, new StringReader("2024-02-05 00:00:00+00\t5\t5\n"));
        } else {
            for (String part : sql.split("; ")) {
                try (PreparedStatement statement = connection.prepareStatement(part)) {
                    statement.execute();
                }
            }
        }
    }

    static Connection connect(String role, boolean extended) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", role);
        properties.setProperty("password", "pw");
        properties.setProperty("preferQueryMode", extended ? "extended" : "simple");
        return DriverManager.getConnection(url == null ? TestCluster.get().jdbcUrl() : url, properties);
    }
}
