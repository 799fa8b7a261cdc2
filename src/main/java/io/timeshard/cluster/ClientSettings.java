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
    private static final List<String> NAMES = List.of("TimeZone", "DateStyle", "IntervalStyle", "extra_float_digits", "bytea_output",
            "client_encoding");
    /** Those a node gets: what its values are read and printed in (DateStyle's field order only, see {@link #forNodes}). */
    private static final List<String> APPLIED = List.of("TimeZone", "DateStyle", "IntervalStyle");
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
        applyTo(connection, Map.of());
    }

    /** The same, with {@code planner} settings for the transaction too (always sent: nodes do not report them). */
    public void applyTo(Connection connection, Map<String, String> planner) throws SQLException {
        Map<String, String> missing = new LinkedHashMap<>(planner);
        PGConnection session = connection.unwrap(PGConnection.class);
        for (Map.Entry<String, String> setting : forNodes().entrySet()) {
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
        return forNodes().entrySet().stream().allMatch(setting -> inEffect(session, setting.getKey(), setting.getValue()));
    }

    /**
     * True when data nodes print values as the client's session does, so their rows can be
     * relayed: ISO dates (pgjdbc keeps its connections in ISO), floats in full precision, hex bytea,
     * UTF-8 text. Otherwise the home database prints them, in the client's session.
     */
    public boolean nodesPrintAlike() {
        return values.getOrDefault("DateStyle", "ISO").startsWith("ISO") && values.getOrDefault("bytea_output", "hex").equals("hex")
                && extraFloatDigitsPositive(values.getOrDefault("extra_float_digits", "1"))
                && values.getOrDefault("client_encoding", "UTF8").equals("UTF8");
    }

    /** The settings a node gets: DateStyle as ISO with the client's field order, which is all that reading dates needs. */
    private Map<String, String> forNodes() {
        Map<String, String> applied = new LinkedHashMap<>();
        for (String name : APPLIED) {
            String value = values.get(name);
            if (value != null) {
                applied.put(name, name.equals("DateStyle") ? "ISO, " + fieldOrder(value) : value);
            }
        }
        return applied;
    }

    private static String fieldOrder(String dateStyle) {
        int comma = dateStyle.indexOf(',');
        return comma < 0 ? "MDY" : dateStyle.substring(comma + 1).strip();
    }

    private static boolean extraFloatDigitsPositive(String value) {
        try {
            return Integer.parseInt(value.trim()) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** True when the node session already has this setting (as its ParameterStatus reports it). */
    private static boolean inEffect(PGConnection session, String name, String value) {
        return value.equals(session.getParameterStatus(name));
    }
}
