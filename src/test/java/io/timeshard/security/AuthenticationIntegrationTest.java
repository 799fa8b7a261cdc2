package io.timeshard.security;

import io.timeshard.embedded.PostgresInstance;
import io.timeshard.home.HomeEndpoint;
import io.timeshard.node.AccessNode;
import io.timeshard.node.SelfSignedCertificate;
import io.timeshard.session.AuthMethod;
import io.timeshard.session.AuthRules;
import io.timeshard.testing.TestCluster;
import io.timeshard.wire.ServerOptions;
import io.timeshard.wire.TlsIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Logging in through access nodes that ask for passwords, with pgjdbc and psql: each method lets in
 * the right password only, for roles whose passwords PostgreSQL stored as SCRAM or as MD5.
 */
class AuthenticationIntegrationTest {
    private static final Map<AuthMethod, AccessNode> NODES = new EnumMap<>(AuthMethod.class);
    /** An access node whose rules let in TLS connections only, with its self-signed certificate in {@link #certificates}. */
    private static AccessNode tlsOnly;
    private static Path certificates;

    @BeforeAll
    static void start() throws SQLException, IOException {
        PostgresInstance home = TestCluster.get().home();
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            for (String role : List.of("auth_scram", "auth_md5", "auth_expired")) {
                statement.execute("DROP ROLE IF EXISTS " + role);
            }
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("CREATE ROLE auth_scram LOGIN PASSWORD 'scram pw ü'");
            statement.execute("CREATE ROLE auth_expired LOGIN PASSWORD 'pw' VALID UNTIL '2000-01-01'");
            statement.execute("SET password_encryption = 'md5'");
            statement.execute("CREATE ROLE auth_md5 LOGIN PASSWORD 'md5 pw'");
        }
        HomeEndpoint endpoint = new HomeEndpoint("127.0.0.1", home.port(), "timeshard", "postgres", Optional.empty());
        for (AuthMethod method : List.of(AuthMethod.SCRAM_SHA_256, AuthMethod.MD5, AuthMethod.PASSWORD)) {
            NODES.put(method, AccessNode.start(endpoint, new ServerOptions("127.0.0.1", 0, AuthRules.everyone(method), Optional.empty())));
        }
        certificates = Files.createTempDirectory("timeshard-tls");
        SelfSignedCertificate.ensure(certificates);
        Path rules = certificates.resolve("hba.conf");
        Files.writeString(rules, "hostssl all all all scram-sha-256\n");
        tlsOnly = AccessNode.start(endpoint, new ServerOptions("127.0.0.1", 0, AuthRules.read(rules), Optional.of(TlsIdentity.fromPem(
                certificates.resolve(SelfSignedCertificate.CERTIFICATE), certificates.resolve(SelfSignedCertificate.KEY)))));
    }

    @AfterAll
    static void stop() {
        NODES.values().forEach(AccessNode::close);
        tlsOnly.close();
    }

    /** A home database that asks roles for their passwords gets them from the client's own login, whichever method it used. */
    @Test
    void theClientsLoginReachesAHomeDatabaseThatAsksForPasswords() throws Exception {
        PostgresInstance guarded = TestCluster.startSparePostgres("auth-home");
        guarded.createDatabaseIfMissing("timeshard");
        try (Connection connection = guarded.connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("CREATE ROLE pt_scram LOGIN PASSWORD 'scram secret'");
            statement.execute("SET password_encryption = 'md5'");
            statement.execute("CREATE ROLE pt_md5 LOGIN PASSWORD 'md5 secret'");
        }
        Files.writeString(guarded.dataDirectory().resolve("pg_hba.conf"), """
                local all all trust
                host all postgres 127.0.0.1/32 trust
                host all pt_md5 127.0.0.1/32 md5
                host all all 127.0.0.1/32 scram-sha-256
                """);
        try (Connection connection = guarded.connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_reload_conf()");
        }
        HomeEndpoint endpoint = new HomeEndpoint("127.0.0.1", guarded.port(), "timeshard", "postgres", Optional.empty());
        for (AuthMethod method : List.of(AuthMethod.SCRAM_SHA_256, AuthMethod.MD5, AuthMethod.PASSWORD)) {
            try (AccessNode node = AccessNode.start(endpoint, new ServerOptions("127.0.0.1", 0, AuthRules.everyone(method), Optional.empty()))) {
                String url = "jdbc:postgresql://127.0.0.1:" + node.port() + "/timeshard";
                assertThat(currentUser(url, "pt_scram", "scram secret")).as(method.toString()).isEqualTo("pt_scram");
                if (method != AuthMethod.SCRAM_SHA_256) {
                    assertThat(currentUser(url, "pt_md5", "md5 secret")).as(method.toString()).isEqualTo("pt_md5");
                }
            }
        }
        try (AccessNode trusting = AccessNode.start(endpoint, ServerOptions.of("127.0.0.1", 0))) {
            assertThatThrownBy(() -> currentUser("jdbc:postgresql://127.0.0.1:" + trusting.port() + "/timeshard", "pt_scram", "x"))
                    .hasMessageContaining("that the client's login did not give the access node");
        }
    }

    private static String currentUser(String url, String user, String password) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, credentials(user, password)); Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT current_user")) {
            rows.next();
            return rows.getString(1);
        }
    }

    @Test
    void tlsIsOfferedAndHostsslRulesRequireIt() throws Exception {
        String url = "jdbc:postgresql://localhost:" + tlsOnly.port() + "/timeshard";
        Properties properties = credentials("auth_scram", "scram pw ü");
        properties.setProperty("sslmode", "verify-full");
        properties.setProperty("sslrootcert", certificates.resolve(SelfSignedCertificate.CERTIFICATE).toString());
        try (Connection connection = DriverManager.getConnection(url, properties); Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT current_user")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("auth_scram");
        }
        properties.setProperty("sslmode", "disable");
        assertThatThrownBy(() -> DriverManager.getConnection(url, properties).close()).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getSQLState()).isEqualTo("28000"));
        ProcessBuilder builder = new ProcessBuilder("psql", "-X", "-w", "-At", "-c", "SELECT 'over ' || CASE WHEN ssl THEN 'tls' ELSE 'plain' END"
                + " FROM pg_stat_ssl WHERE false UNION ALL SELECT 'logged in as ' || current_user",
                "host=localhost port=" + tlsOnly.port() + " dbname=timeshard user=auth_scram sslmode=verify-full sslrootcert="
                        + certificates.resolve(SelfSignedCertificate.CERTIFICATE)).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", "scram pw ü");
        Process process = builder.start();
        assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("logged in as auth_scram");
        process.waitFor();
        String asyncpg = """
                import asyncio, ssl, sys, asyncpg
                async def main():
                    context = ssl.create_default_context(cafile=sys.argv[2])
                    connection = await asyncpg.connect(host='localhost', port=int(sys.argv[1]), user='auth_scram',
                                                       password='scram pw ü', database='timeshard', ssl=context)
                    print('asyncpg logged in as', await connection.fetchval('SELECT current_user'))
                    await connection.close()
                asyncio.run(main())
                """;
        Process python = new ProcessBuilder("/usr/bin/python3", "-c", asyncpg, Integer.toString(tlsOnly.port()),
                certificates.resolve(SelfSignedCertificate.CERTIFICATE).toString()).redirectErrorStream(true).start();
        assertThat(new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("asyncpg logged in as auth_scram");
        python.waitFor();
    }

    @Test
    void everyMethodLetsInTheRightPasswordOnly() throws Exception {
        for (AuthMethod method : NODES.keySet()) {
            assertThat(login(method, "auth_scram", "scram pw ü")).as(method + " scram-stored").isEqualTo("ok");
            assertThat(login(method, "auth_md5", "md5 pw")).as(method + " md5-stored")
                    .isEqualTo(method == AuthMethod.SCRAM_SHA_256 ? "28P01" : "ok"); // SCRAM cannot use an MD5 hash
            assertThat(login(method, "auth_scram", "wrong")).as(method + " wrong").isEqualTo("28P01");
            assertThat(login(method, "auth_md5", "wrong")).as(method + " wrong md5").isEqualTo("28P01");
            assertThat(login(method, "no_such_role", "pw")).as(method + " missing role").isEqualTo("28P01");
            assertThat(login(method, "auth_expired", "pw")).as(method + " expired").isEqualTo("28P01");
        }
    }

    @Test
    void scramNeedsTheRoleToHaveAScramPassword() throws Exception {
        // As in PostgreSQL: an MD5-stored password cannot answer a SCRAM exchange.
        assertThat(login(AuthMethod.SCRAM_SHA_256, "auth_md5", "md5 pw")).isEqualTo("28P01");
    }

    @Test
    void aClientWithoutAPasswordIsNotLetIn() {
        Properties properties = new Properties();
        properties.setProperty("user", "auth_scram");
        assertThatThrownBy(() -> DriverManager.getConnection(url(AuthMethod.SCRAM_SHA_256), properties).close())
                .isInstanceOf(SQLException.class);
    }

    @Test
    void psqlLogsInWithItsPasswordAndIsRefusedWithAnother() throws Exception {
        assertThat(psql(AuthMethod.SCRAM_SHA_256, "auth_scram", "scram pw ü")).contains("logged in as auth_scram");
        assertThat(psql(AuthMethod.SCRAM_SHA_256, "auth_scram", "nope")).contains("password authentication failed for user \"auth_scram\"");
        assertThat(psql(AuthMethod.MD5, "auth_md5", "md5 pw")).contains("logged in as auth_md5");
    }

    @Test
    void theSessionRunsAsTheRoleThatLoggedIn() throws Exception {
        try (Connection connection = DriverManager.getConnection(url(AuthMethod.SCRAM_SHA_256), credentials("auth_scram", "scram pw ü"));
             Statement statement = connection.createStatement(); var rows = statement.executeQuery("SELECT current_user, session_user")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("auth_scram");
            assertThat(rows.getString(2)).isEqualTo("auth_scram");
        }
    }

    private static String login(AuthMethod method, String user, String password) {
        try (Connection connection = DriverManager.getConnection(url(method), credentials(user, password))) {
            return connection.isValid(5) ? "ok" : "invalid";
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    private static String psql(AuthMethod method, String user, String password) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("psql", "-X", "-w", "-At", "-h", "127.0.0.1", "-p", Integer.toString(NODES.get(method).port()),
                "-U", user, "-c", "SELECT 'logged in as ' || current_user", "timeshard").redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", password);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }

    private static Properties credentials(String user, String password) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return properties;
    }

    private static String url(AuthMethod method) {
        return "jdbc:postgresql://127.0.0.1:" + NODES.get(method).port() + "/timeshard";
    }
}
