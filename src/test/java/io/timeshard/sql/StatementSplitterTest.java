package io.timeshard.sql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatementSplitterTest {
    @Test
    void splitsAtTopLevelSemicolons() {
        assertThat(StatementSplitter.split("SELECT 1; SELECT 2;")).containsExactly("SELECT 1", "SELECT 2");
    }

    @Test
    void keepsSemicolonsInsideQuotesCommentsAndDollarBodies() {
        String sql = "SELECT ';' AS a, \"x;y\" FROM t -- c;\n; "
                + "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql; "
                + "SELECT E'it\\'s;' /* a; /* nested; */ b */";
        assertThat(StatementSplitter.split(sql)).containsExactly(
                "SELECT ';' AS a, \"x;y\" FROM t -- c;",
                "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql",
                "SELECT E'it\\'s;' /* a; /* nested; */ b */");
    }

    @Test
    void dropsBlankStatements() {
        assertThat(StatementSplitter.split(" ;; -- only a comment\n ;")).isEmpty();
        assertThat(StatementSplitter.isBlank("/* nothing */")).isTrue();
    }

    @Test
    void doesNotTakeParametersForDollarQuotes() {
        assertThat(StatementSplitter.split("SELECT $1; SELECT $2")).containsExactly("SELECT $1", "SELECT $2");
    }
}
