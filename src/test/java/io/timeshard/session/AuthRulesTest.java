package io.timeshard.session;

import io.timeshard.error.TimeshardException;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthRulesTest {
    @Test
    void theFirstMatchingLineDecides() throws Exception {
        Path file = Files.createTempFile("hba", ".conf");
        Files.writeString(file, """
                # TYPE  DATABASE  USER        ADDRESS        METHOD
                local   all       all                        trust
                host    all       postgres    127.0.0.1/32   trust
                hostssl all       all         10.0.0.0/8     scram-sha-256
                host    reports   alice,bob   10.1.0.0/16    md5
                host    all       all         all            reject
                """);
        AuthRules rules = AuthRules.read(file);
        assertThat(rules.methodFor("timeshard", "postgres", address("127.0.0.1"), false)).isEqualTo(AuthMethod.TRUST);
        assertThat(rules.methodFor("timeshard", "alice", address("127.0.0.1"), false)).isEqualTo(AuthMethod.REJECT);
        assertThat(rules.methodFor("reports", "alice", address("10.1.2.3"), true)).isEqualTo(AuthMethod.SCRAM_SHA_256);
        assertThat(rules.methodFor("reports", "alice", address("10.1.2.3"), false)).isEqualTo(AuthMethod.MD5);
        assertThat(rules.methodFor("reports", "carol", address("10.1.2.3"), false)).isEqualTo(AuthMethod.REJECT);
        assertThat(rules.trustsLoopback()).isTrue();
    }

    @Test
    void noMatchingLineRefusesTheConnectionAsPostgresDoes() {
        Path file;
        try {
            file = Files.createTempFile("hba", ".conf");
            Files.writeString(file, "hostssl all all all scram-sha-256\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThatThrownBy(() -> AuthRules.read(file).methodFor("db", "alice", address("192.168.0.1"), false))
                .isInstanceOf(TimeshardException.class)
                .hasMessage("no pg_hba.conf entry for host \"192.168.0.1\", user \"alice\", database \"db\", no encryption");
    }

    @Test
    void defaultsTrustLoopbackAndAskEveryoneElseForScram() {
        AuthRules rules = AuthRules.loopbackTrusted();
        assertThat(rules.methodFor("db", "alice", address("127.0.0.1"), false)).isEqualTo(AuthMethod.TRUST);
        assertThat(rules.methodFor("db", "alice", address("::1"), false)).isEqualTo(AuthMethod.TRUST);
        assertThat(rules.methodFor("db", "alice", address("192.168.0.1"), false)).isEqualTo(AuthMethod.SCRAM_SHA_256);
    }

    @Test
    void refusesToListenBeyondLoopbackWhileTrustingClientsThere() {
        AuthRules.loopbackTrusted().requirePasswordsOn(address("0.0.0.0"));
        AuthRules.everyone(AuthMethod.TRUST).requirePasswordsOn(address("127.0.0.1"));
        assertThatThrownBy(() -> AuthRules.everyone(AuthMethod.TRUST).requirePasswordsOn(address("0.0.0.0")))
                .isInstanceOf(TimeshardException.class).hasMessageContaining("refusing to listen on 0.0.0.0");
    }

    @Test
    void malformedLinesAreNamed() throws Exception {
        Path file = Files.createTempFile("hba", ".conf");
        Files.writeString(file, "host all all\n");
        assertThatThrownBy(() -> AuthRules.read(file)).hasMessageContaining("line 1");
        Files.writeString(file, "host all all example.com md5\n");
        assertThatThrownBy(() -> AuthRules.read(file)).hasMessageContaining("invalid address \"example.com\"");
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
