package io.timeshard.sql;

import io.timeshard.error.TimeshardException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EscapeStringTest {
    @Test
    void readsPostgresEscapes() {
        assertThat(EscapeString.value("a\\tb\\nc\\\\d\\'e''f")).isEqualTo("a\tb\nc\\d'e'f");
        assertThat(EscapeString.value("\\xc3\\xbc \\101\\x4 \\u00e9 \\U0001F600 \\ud83d\\ude00 \\q")).isEqualTo("\u00fc A\u0004 \u00e9 \ud83d\ude00 \ud83d\ude00 q");
    }

    @Test
    void refusesBytesThatAreNotUtf8() {
        assertThatThrownBy(() -> EscapeString.value("\\xfc"))
                .isInstanceOfSatisfying(TimeshardException.class, e -> assertThat(e.sqlState()).isEqualTo("22021"))
                .hasMessage("invalid byte sequence for encoding \"UTF8\": 0xfc");
        assertThatThrownBy(() -> EscapeString.value("\\u12")).hasMessage("invalid Unicode escape");
    }

    @Test
    void rewritesPlainStringsWithBackslashesAsEscapeStrings() {
        assertThat(SqlText.withConformingStrings("SELECT 'it\\'s', 'plain', E'\\t', B'101' FROM t WHERE a = 'x\\\\y'"))
                .isEqualTo("SELECT E'it\\'s', 'plain', E'\\t', B'101' FROM t WHERE a = E'x\\\\y'");
        assertThat(SqlText.withConformingStrings("SELECT 1")).isEqualTo("SELECT 1");
    }
}
