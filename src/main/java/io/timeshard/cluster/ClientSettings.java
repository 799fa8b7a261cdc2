package io.timeshard.cluster;

import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
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
    /** Those that decide what a literal in a statement's text means. */
    private static final List<String> READING_LITERALS = List.of("TimeZone", "DateStyle", "IntervalStyle");

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

    /**
     * Sets those the connection does not have already for its current transaction, in one round
     * trip (usually none: nodes run with the same zone and styles as most clients).
     */
    public void applyTo(Connection connection) throws SQLException {
        Map<String, String> missing = new LinkedHashMap<>();
        PGConnection session = connection.unwrap(PGConnection.class);
        for (Map.Entry<String, String> setting : values.entrySet()) {
            if (!inEffect(session, setting.getKey(), setting.getValue())) {
                missing.put(setting.getKey(), setting.getValue());
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String calls = String.join(", ", Collections.nCopies(missing.size(), "set_config(?, ?, true)"));
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + calls)) {
            int index = 1;
            for (Map.Entry<String, String> setting : missing.entrySet()) {
                statement.setString(index++, setting.getKey());
                statement.setString(index++, setting.getValue());
            }
            statement.execute();
        }
    }

    /**
     * {@code sql} marked with the settings its literals are read under. PostgreSQL fixes a literal's
     * value when it prepares a statement, and a pooled node connection keeps its prepared
     * statements (pgjdbc caches them by text) from one session to the next: a statement read
     * under other settings must never be reused. The values are percent-escaped, so the comment
     * cannot end early and no two settings give the same text.
     */
    public String marked(String sql) {
        StringBuilder marked = new StringBuilder(sql).append(" /*");
        for (String name : READING_LITERALS) {
            String value = values.get(name);
            if (value != null) {
                marked.append(' ').append(name).append('=').append(value.replace("%", "%25").replace("*", "%2A"));
            }
        }
        return marked.append(" */").toString();
    }

    /** True when the connection's session already reads and prints values as the client's does. */
    public boolean inEffectOn(Connection connection) throws SQLException {
        PGConnection session = connection.unwrap(PGConnection.class);
        return values.entrySet().stream().allMatch(setting -> inEffect(session, setting.getKey(), setting.getValue()));
    }

    /**
     * True when the node session already reads and prints values this way: the reported settings
     * (ParameterStatus) are equal, and any positive extra_float_digits prints floats alike (pgjdbc
     * connects with 3).
     */
    private static boolean inEffect(PGConnection session, String name, String value) {
        if (name.equals("extra_float_digits")) {
            try {
                return Integer.parseInt(value.trim()) > 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return value.equals(session.getParameterStatus(name));
    }
}
