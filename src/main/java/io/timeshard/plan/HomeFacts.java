package io.timeshard.plan;

import io.timeshard.plan.HomeCatalog.FunctionKind;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Facts about the home database's catalog that every session's planner asks for and that hardly
 * change: what a function is, how a type is spelt, how text sorts. Read once, then kept.
 */
public final class HomeFacts {
    private final DataSource homePool;
    private final Map<String, FunctionKind> functions = new ConcurrentHashMap<>();
    private final Map<Long, String> typeNames = new ConcurrentHashMap<>();
    private volatile Boolean textSortsByBytes;

    public HomeFacts(DataSource homePool) {
        this.homePool = homePool;
    }

    /**
     * Built-in functions are pushed down unless volatile or set-returning; time_bucket is timeshard's own and exists on
     * every data node; anything else (user-defined, unknown) runs on the access node only.
     */
    FunctionKind function(String name) {
        if (name.equals("time_bucket")) {
            return FunctionKind.PUSHABLE;
        }
        return functions.computeIfAbsent(name, this::readFunction);
    }

    private FunctionKind readFunction(String name) {
        String sql = "SELECT count(*), bool_or(p.prokind = 'a'), bool_or(p.provolatile = 'v' OR p.proretset OR n.nspname <> 'pg_catalog')"
                + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE p.proname = ?";
        try (Connection connection = homePool.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                if (row.getLong(1) == 0 || row.getBoolean(3)) {
                    return FunctionKind.LOCAL_ONLY;
                }
                return row.getBoolean(2) ? FunctionKind.AGGREGATE : FunctionKind.PUSHABLE;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read function " + name + " from the home database: " + e.getMessage(), e);
        }
    }

    String typeName(int oid, int typmod) {
        return typeNames.computeIfAbsent(((long) oid << 32) | (typmod & 0xffffffffL), key -> query(
                "SELECT format_type(" + oid + "::oid, " + (typmod < 0 ? "NULL" : typmod) + ")"));
    }

    /** True when the home database's default collation orders text by its bytes. */
    boolean textSortsByBytes() {
        if (textSortsByBytes == null) {
            String collation = query("SELECT datcollate FROM pg_database WHERE datname = current_database()");
            textSortsByBytes = collation.equals("C") || collation.equals("POSIX") || collation.equals("C.UTF-8") || collation.equals("C.utf8");
        }
        return textSortsByBytes;
    }

    private String query(String sql) {
        try (Connection connection = homePool.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the home database's catalog: " + e.getMessage(), e);
        }
    }
}
