package io.timeshard.protocol;

import io.timeshard.error.TimeshardException;
import io.timeshard.testing.TestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The conversions timeshard makes itself are PostgreSQL's, character for character: every byte of
 * each single-byte encoding and every character of the basic multilingual plane in the multi-byte
 * ones, converted by the home database and by {@link ClientEncoding}.
 */
class ClientEncodingIntegrationTest {
    private static final List<String> SINGLE_BYTE = List.of("LATIN1", "LATIN2", "LATIN3", "LATIN4", "LATIN5", "LATIN7", "LATIN9",
            "LATIN10", "ISO_8859_5", "ISO_8859_6", "ISO_8859_7", "ISO_8859_8", "WIN1250", "WIN1251", "WIN1252", "WIN1253", "WIN1254",
            "WIN1255", "WIN1256", "WIN1257", "WIN1258", "WIN866", "WIN874", "KOI8R", "KOI8U");
    private static final List<String> MULTI_BYTE = List.of("EUC_CN", "EUC_KR");

    @BeforeAll
    static void startCluster() {
        TestCluster.get();
    }

    @Test
    void decodesEveryByteOfTheSingleByteEncodingsAsPostgresDoes() throws SQLException {
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE FUNCTION pg_temp.byte_table(encoding text) RETURNS TABLE (byte int, code_point int) LANGUAGE plpgsql AS $$
                    BEGIN
                      FOR i IN 128..255 LOOP
                        byte := i;
                        BEGIN
                          code_point := ascii(convert_from(decode(to_hex(i), 'hex'), encoding));
                        EXCEPTION WHEN character_not_in_repertoire OR untranslatable_character THEN code_point := NULL;
                        END;
                        RETURN NEXT;
                      END LOOP;
                    END $$""");
            for (String name : SINGLE_BYTE) {
                ClientEncoding encoding = ClientEncoding.named(name);
                List<String> differences = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery("SELECT byte, code_point FROM pg_temp.byte_table('" + name + "')")) {
                    while (rows.next()) {
                        int codePoint = rows.getInt(2);
                        String postgres = rows.wasNull() ? "error" : Character.toString(codePoint);
                        String ours = decodedOrError(encoding, new byte[] {(byte) rows.getInt(1)});
                        if (!postgres.equals(ours)) {
                            differences.add(Integer.toHexString(rows.getInt(1)) + ": " + postgres + " / " + ours);
                        }
                    }
                }
                assertThat(differences).as(name).isEmpty();
            }
        }
    }

    @Test
    void convertsEveryCharacterOfTheMultiByteEncodingsAsPostgresDoes() throws SQLException {
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE FUNCTION pg_temp.character_table(encoding text) RETURNS TABLE (code_point int, bytes text) LANGUAGE plpgsql AS $$
                    BEGIN
                      FOR i IN 128..65535 LOOP
                        CONTINUE WHEN i BETWEEN 55296 AND 57343;
                        code_point := i;
                        BEGIN
                          bytes := encode(convert_to(chr(i), encoding), 'hex');
                        EXCEPTION WHEN untranslatable_character THEN bytes := NULL;
                        END;
                        RETURN NEXT;
                      END LOOP;
                    END $$""");
            for (String name : MULTI_BYTE) {
                ClientEncoding encoding = ClientEncoding.named(name);
                List<String> differences = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery("SELECT code_point, bytes FROM pg_temp.character_table('" + name + "')")) {
                    while (rows.next()) {
                        String character = Character.toString(rows.getInt(1));
                        String postgres = rows.getString(2);
                        String ours = encodedOrNull(encoding, character);
                        boolean same = postgres == null ? ours == null
                                : postgres.equals(ours) && decodedOrError(encoding, HexFormat.of().parseHex(postgres)).equals(character);
                        if (!same && differences.size() < 20) {
                            differences.add("U+" + Integer.toHexString(rows.getInt(1)) + ": " + postgres + " / " + ours);
                        }
                    }
                }
                assertThat(differences).as(name).isEmpty();
            }
        }
    }

    @Test
    void refusesNonAsciiTextInEncodingsItDoesNotConvert() {
        ClientEncoding sjis = ClientEncoding.named("SJIS");
        assertThat(sjis.decode("SELECT 1".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).isEqualTo("SELECT 1");
        assertThatThrownBy(() -> sjis.decode(new byte[] {(byte) 0x82, (byte) 0xa0}))
                .isInstanceOfSatisfying(TimeshardException.class, e -> assertThat(e.sqlState()).isEqualTo("0A000"))
                .hasMessageContaining("client_encoding \"SJIS\"");
    }

    @Test
    void reportsBadBytesAsPostgresDoes() {
        assertThatThrownBy(() -> ClientEncoding.UTF8.decode(new byte[] {'a', (byte) 0xfc, 'b'}))
                .isInstanceOfSatisfying(TimeshardException.class, e -> assertThat(e.sqlState()).isEqualTo("22021"))
                .hasMessage("invalid byte sequence for encoding \"UTF8\": 0xfc");
        assertThatThrownBy(() -> ClientEncoding.named("LATIN1").encode("1 \u20ac"))
                .isInstanceOfSatisfying(TimeshardException.class, e -> assertThat(e.sqlState()).isEqualTo("22P05"))
                .hasMessage("character with byte sequence 0xe2 0x82 0xac in encoding \"UTF8\" has no equivalent in encoding \"LATIN1\"");
        assertThatThrownBy(() -> ClientEncoding.named("WIN1252").decode(new byte[] {(byte) 0x81}))
                .hasMessage("character with byte sequence 0x81 in encoding \"WIN1252\" has no equivalent in encoding \"UTF8\"");
        assertThat(ClientEncoding.find("iso-8859-1")).contains(ClientEncoding.named("LATIN1"));
        assertThat(ClientEncoding.find("windows-1251")).contains(ClientEncoding.named("WIN1251"));
        assertThat(ClientEncoding.find("bogus")).isEmpty();
    }

    @Test
    void convertsAStreamWhoseCharactersSpanPieces() {
        ClientEncoding.Utf8Stream stream = ClientEncoding.named("EUC_KR").toUtf8Stream();
        byte[] hangul = "\ud55c\uae00\n".getBytes(java.nio.charset.Charset.forName("EUC-KR"));
        byte[] first = java.util.Arrays.copyOf(hangul, 3);
        byte[] rest = java.util.Arrays.copyOfRange(hangul, 3, hangul.length);
        String converted = new String(stream.convert(first), java.nio.charset.StandardCharsets.UTF_8)
                + new String(stream.convert(rest), java.nio.charset.StandardCharsets.UTF_8);
        stream.finish();
        assertThat(converted).isEqualTo("\ud55c\uae00\n");
        assertThat(stream.line()).isEqualTo(2);
        ClientEncoding.Utf8Stream cut = ClientEncoding.named("EUC_KR").toUtf8Stream();
        cut.convert(first);
        assertThatThrownBy(cut::finish).hasMessageStartingWith("invalid byte sequence for encoding \"EUC_KR\"");
    }

    private static String decodedOrError(ClientEncoding encoding, byte[] bytes) {
        try {
            return encoding.decode(bytes);
        } catch (TimeshardException e) {
            return "error";
        }
    }

    private static String encodedOrNull(ClientEncoding encoding, String text) {
        try {
            return HexFormat.of().formatHex(encoding.encode(text));
        } catch (TimeshardException e) {
            return null;
        }
    }
}
