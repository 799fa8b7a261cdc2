package io.timeshard.security;

import io.timeshard.testing.TestCluster;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random, truncated and oversized messages, before and after authentication, from many
 * connections: the access node must drop each such connection (or answer it with an error) and go
 * on serving everyone else. Seeded, so that a failure can be replayed.
 */
class ProtocolFuzzIntegrationTest {
    private static final long SEED = Long.getLong("timeshard.fuzz.seed", 20261201L);
    private static final int CONNECTIONS = 300;
    private static final char[] TYPES = {'Q', 'P', 'B', 'E', 'D', 'S', 'H', 'C', 'd', 'c', 'f', 'F', 'X', 'p', '\0', 'z'};

    @Test
    void malformedTrafficLeavesTheServerServing() throws Exception {
        Random random = new Random(SEED);
        int port = TestCluster.get().port();
        try (Connection setup = TestCluster.connect(); Statement statement = setup.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS fuzz_metrics");
            statement.execute("CREATE TABLE fuzz_metrics (time timestamptz NOT NULL, dev int, v float8)");
            statement.execute("SELECT create_distributed_hypertable('fuzz_metrics', 'time', 'dev')");
            statement.execute("INSERT INTO fuzz_metrics SELECT '2024-01-01'::timestamptz + g * interval '1 minute', g % 5, g FROM generate_series(1, 100) g");
        }
        long sessionsBefore = homeSessions();
        for (int i = 0; i < CONNECTIONS; i++) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(2_000);
                OutputStream out = socket.getOutputStream();
                switch (random.nextInt(4)) {
                    case 0 -> out.write(randomBytes(random, random.nextInt(64)));
                    case 1 -> out.write(truncatedStartup(random));
                    case 2 -> out.write(startupWithLength(random.nextBoolean() ? Integer.MAX_VALUE : -random.nextInt(100)));
                    default -> {
                        out.write(startup());
                        out.flush();
                        drainUntilReady(socket.getInputStream());
                        for (int m = 0; m < 1 + random.nextInt(5); m++) {
                            out.write(randomMessage(random));
                        }
                    }
                }
                out.flush();
                socket.shutdownOutput(); // the end of the stream, mid-message or not, is part of the test
                drain(socket.getInputStream());
            } catch (IOException ignored) {
                // the server may close first: that is one right answer
            }
        }
        long deadline = System.currentTimeMillis() + 20_000;
        while (homeSessions() > sessionsBefore && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(homeSessions()).as("client sessions left open at home: " + homeSessionList()).isLessThanOrEqualTo(sessionsBefore);
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT count(*), sum(v) FROM fuzz_metrics")) {
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(100);
            assertThat(rows.getLong(2)).isEqualTo(5050);
        }
    }

    /** Home sessions of clients (the access node's own pool names itself "timeshard"). */
    /** What the client sessions at home are, should one be left open. */
    private static String homeSessionList() throws Exception {
        try (Connection home = TestCluster.get().home().connect("timeshard"); Statement statement = home.createStatement();
             var rows = statement.executeQuery("SELECT string_agg(application_name || ' ' || state || ' ' || backend_start || ': '"
                     + " || left(query, 80), '; ') FROM pg_stat_activity WHERE backend_type = 'client backend'"
                     + " AND application_name <> 'timeshard' AND pid <> pg_backend_pid()")) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static long homeSessions() throws Exception {
        try (Connection home = TestCluster.get().home().connect("timeshard"); Statement statement = home.createStatement();
             var rows = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
                     + " AND application_name <> 'timeshard' AND pid <> pg_backend_pid()")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static byte[] randomMessage(Random random) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(bytes);
        data.writeByte(TYPES[random.nextInt(TYPES.length)]);
        byte[] body = randomBytes(random, random.nextInt(40));
        int length = switch (random.nextInt(4)) {
            case 0 -> body.length + 4;
            case 1 -> random.nextInt(8);
            case 2 -> 4 + body.length + 1 + random.nextInt(1 << 20); // promises more than it sends
            default -> random.nextInt();
        };
        data.writeInt(length);
        data.write(body);
        return bytes.toByteArray();
    }

    private static byte[] startup() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(body);
        data.writeInt(196608);
        for (String field : new String[] {"user", "postgres", "database", "timeshard"}) {
            data.write(field.getBytes(StandardCharsets.US_ASCII));
            data.writeByte(0);
        }
        data.writeByte(0);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        new DataOutputStream(packet).writeInt(body.size() + 4);
        packet.write(body.toByteArray());
        return packet.toByteArray();
    }

    private static byte[] truncatedStartup(Random random) throws IOException {
        byte[] full = startup();
        return java.util.Arrays.copyOf(full, 1 + random.nextInt(full.length - 1));
    }

    private static byte[] startupWithLength(int length) throws IOException {
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(packet);
        data.writeInt(length);
        data.writeInt(196608);
        return packet.toByteArray();
    }

    private static byte[] randomBytes(Random random, int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Reads until the startup's ReadyForQuery ('Z', length 5, status). */
    private static void drainUntilReady(InputStream in) throws IOException {
        long last = 0;
        int b;
        while ((b = in.read()) >= 0) {
            last = (last << 8 | b) & 0xffffffffffL;
            if (last == ((long) 'Z' << 32 | 5)) {
                in.read();
                return;
            }
        }
    }

    private static void drain(InputStream in) throws IOException {
        try {
            byte[] buffer = new byte[4096];
            while (in.read(buffer) >= 0) {
                // whatever the server says
            }
        } catch (SocketTimeoutException stillOpen) {
            // a server waiting for the rest of a message: the close ends it
        }
    }
}
