package io.timeshard.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * The statements of the concurrency benchmark, pgbench-like: each run is one transaction on
 * {@value #TABLE}. In the simple protocol the values are literals in the text (each run a new
 * text); in the extended protocol they are parameters of statements prepared once per connection.
 */
enum ConcurrencyScript {
    INSERT_ONE("single-row INSERT"),
    INSERT_EXPRESSIONS("single-row INSERT, now() and arithmetic"),
    INSERT_TEN("10-row INSERT"),
    HOURLY_AGGREGATE("hourly aggregate of one device, 6 hours"),
    LATEST_ROWS("latest 5 rows of one device"),
    MIXED("BEGIN; INSERT; aggregate; latest rows; COMMIT");

    static final String TABLE = "readings";
    static final int DEVICES = 100;
    /** The loaded rows, one a minute per device from here on. */
    static final String START = "2024-01-01 00:00:00+00";
    /** Inserted rows fall into a day of their own, a week later: the read windows see the loaded rows only, on both systems alike. */
    private static final String INSERTED_DAY = "2024-01-08 00:00:00+00";
    private static final String INSERTED_ROW = "(timestamptz '" + INSERTED_DAY + "' + ? * interval '1 millisecond', ?, ?, 'bench')";
    private static final String INSERT = "INSERT INTO " + TABLE + " VALUES " + INSERTED_ROW;
    private static final String INSERT_NOW = "INSERT INTO " + TABLE + " VALUES (now() - ? * interval '1 millisecond', ? % " + DEVICES
            + ", ? * 2.5, 'bench')";
    private static final String AGGREGATE = "SELECT date_trunc('hour', time) AS hour, avg(value), count(*) FROM " + TABLE
            + " WHERE device = ? AND time >= timestamptz '" + START + "' + ? * interval '1 hour'"
            + " AND time < timestamptz '" + START + "' + (? + 6) * interval '1 hour' GROUP BY 1 ORDER BY 1";
    private static final String LATEST = "SELECT * FROM " + TABLE + " WHERE device = ? ORDER BY time DESC LIMIT 5";

    private final String title;

    ConcurrencyScript(String title) {
        this.title = title;
    }

    String title() {
        return title;
    }

    /** One client's connection and its prepared statements; not thread-safe. */
    static final class Client implements AutoCloseable {
        private final Connection connection;
        private final boolean simple;
        private final Random random;
        private final Map<String, PreparedStatement> prepared = new HashMap<>();
        private final int hours;

        Client(Connection connection, boolean simple, long seed, long loadedRows) {
            this.connection = connection;
            this.simple = simple;
            this.random = new Random(seed);
            this.hours = (int) Math.max(1, loadedRows / DEVICES / 60 - 6); // first hours of a 6-hour window within the loaded rows
        }

        void run(ConcurrencyScript script) throws SQLException {
            switch (script) {
                case INSERT_ONE -> insert();
                case INSERT_EXPRESSIONS -> execute(INSERT_NOW, random.nextInt(86_400_000), random.nextInt(DEVICES), random.nextInt(1000));
                case INSERT_TEN -> insertTen();
                case HOURLY_AGGREGATE -> {
                    int hour = random.nextInt(hours);
                    query(AGGREGATE, random.nextInt(DEVICES), hour, hour);
                }
                case LATEST_ROWS -> query(LATEST, random.nextInt(DEVICES));
                case MIXED -> {
                    connection.setAutoCommit(false);
                    try {
                        int device = random.nextInt(DEVICES);
                        insert();
                        int hour = random.nextInt(hours);
                        query(AGGREGATE, device, hour, hour);
                        query(LATEST, device);
                        connection.commit();
                    } catch (SQLException | RuntimeException e) {
                        connection.rollback();
                        throw e;
                    } finally {
                        connection.setAutoCommit(true);
                    }
                }
            }
        }

        private void insert() throws SQLException {
            execute(INSERT, random.nextInt(86_400_000), random.nextInt(DEVICES), random.nextInt(1000) / 4.0);
        }

        private void insertTen() throws SQLException {
            StringBuilder sql = new StringBuilder(INSERT);
            Object[] values = new Object[30];
            for (int row = 0; row < 10; row++) {
                if (row > 0) {
                    sql.append(", ").append(INSERTED_ROW);
                }
                values[row * 3] = random.nextInt(86_400_000);
                values[row * 3 + 1] = random.nextInt(DEVICES);
                values[row * 3 + 2] = random.nextInt(1000) / 4.0;
            }
            execute(sql.toString(), values);
        }

        private void execute(String sql, Object... values) throws SQLException {
            if (simple) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(literal(sql, values));
                }
            } else {
                PreparedStatement statement = statement(sql);
                bind(statement, values);
                statement.execute();
            }
        }

        private void query(String sql, Object... values) throws SQLException {
            if (simple) {
                try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(literal(sql, values))) {
                    drain(rows);
                }
            } else {
                PreparedStatement statement = statement(sql);
                bind(statement, values);
                try (ResultSet rows = statement.executeQuery()) {
                    drain(rows);
                }
            }
        }

        private PreparedStatement statement(String sql) throws SQLException {
            PreparedStatement statement = prepared.get(sql);
            if (statement == null) {
                statement = connection.prepareStatement(sql);
                prepared.put(sql, statement);
            }
            return statement;
        }

        private static void bind(PreparedStatement statement, Object[] values) throws SQLException {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
        }

        /** The statement with each ? replaced by its value's literal (numbers only: no quoting needed). */
        private static String literal(String sql, Object[] values) {
            StringBuilder text = new StringBuilder();
            int value = 0;
            for (char c : sql.toCharArray()) {
                text.append(c == '?' ? String.valueOf(values[value++]) : String.valueOf(c));
            }
            return text.toString();
        }

        private static void drain(ResultSet rows) throws SQLException {
            while (rows.next()) {
                rows.getString(1);
            }
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement statement : prepared.values()) {
                statement.close();
            }
            connection.close();
        }
    }
}
