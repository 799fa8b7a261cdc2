package io.timeshard.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The client session's settings that decide how PostgreSQL reads and prints values. A data node
 * gets them (for the current transaction only) before it reads text the client wrote.
 */
public record ClientSettings(Map<String, String> values) {
    private static final List<String> NAMES = List.of("TimeZone", "DateStyle", "IntervalStyle", "extra_float_digits");

    public ClientSettings {
        requireNonNull(values, "values is null");
        values = Map.copyOf(values);
    }

    /** The relevant ones among the session's reported parameters. */
    public static ClientSettings from(Map<String, String> parameters) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : NAMES) {
            String value = parameters.get(name);
            if (value != null) {
                values.put(name, value);
            }
        }
        return new ClientSettings(values);
    }

    /** Sets them for the connection's current transaction, in one round trip. */
    public void applyTo(Connection connection) throws SQLException {
        if (values.isEmpty()) {
            return;
        }
        String calls = String.join(", ", java.util.Collections.nCopies(values.size(), "set_config(?, ?, true)"));
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + calls)) {
            int index = 1;
            for (Map.Entry<String, String> setting : values.entrySet()) {
                statement.setString(index++, setting.getKey());
                statement.setString(index++, setting.getValue());
            }
            statement.execute();
        }
    }
}
