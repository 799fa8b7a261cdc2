package io.timeshard.partition;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HexFormat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpaceHashTest {
    private static final String UUID_TEXT = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11";

    /** Stored data is placed by these values: if this test fails, the hash changed and must be restored. */
    @Test
    void hashValuesArePinnedForever() {
        assertThat(SpaceHash.ofText(SpaceType.TEXT, "loc_1")).isEqualTo(147_076_398);
        assertThat(SpaceHash.ofText(SpaceType.TEXT, "loc_999")).isEqualTo(147_374_378);
        assertThat(SpaceHash.ofText(SpaceType.INTEGER, "42")).isEqualTo(55_192_375);
        assertThat(SpaceHash.ofText(SpaceType.BIGINT, "42")).isEqualTo(55_192_375);
        assertThat(SpaceHash.ofText(SpaceType.UUID, UUID_TEXT)).isEqualTo(675_613_850);
        assertThat(SpaceHash.ofText(SpaceType.TEXT, "ü")).isEqualTo(2_017_519_274);
    }

    @Test
    void masksTheRawHashToNonNegative() {
        // MurmurHash3("loc_1") is 0x88c4352e: the sign bit is dropped.
        assertThat(SpaceHash.ofBytes("loc_1".getBytes(UTF_8))).isEqualTo(0x08c4352e);
        assertThat(SpaceHash.ofBytes("hello".getBytes(UTF_8))).isEqualTo(0x248bfa47);
        assertThat(SpaceHash.ofBytes(new byte[0])).isZero();
    }

    @Test
    void hashesAnIntegerTheSameInEveryIntegerType() {
        int expected = SpaceHash.ofBytes(ByteBuffer.allocate(8).putLong(5).array());
        assertThat(SpaceHash.ofText(SpaceType.SMALLINT, "5")).isEqualTo(expected);
        assertThat(SpaceHash.ofText(SpaceType.INTEGER, "5")).isEqualTo(expected);
        assertThat(SpaceHash.ofText(SpaceType.BIGINT, "5")).isEqualTo(expected);
        assertThat(SpaceHash.ofBinary(SpaceType.SMALLINT, new byte[] {0, 5})).isEqualTo(expected);
        assertThat(SpaceHash.ofBinary(SpaceType.INTEGER, new byte[] {0, 0, 0, 5})).isEqualTo(expected);
        assertThat(SpaceHash.ofBinary(SpaceType.BIGINT, new byte[] {0, 0, 0, 0, 0, 0, 0, 5})).isEqualTo(expected);
    }

    @Test
    void hashesTheValueNotItsSpelling() {
        int expected = SpaceHash.ofText(SpaceType.INTEGER, "-42");
        assertThat(SpaceHash.ofText(SpaceType.INTEGER, " -042\n")).isEqualTo(expected);
        assertThat(SpaceHash.ofText(SpaceType.SMALLINT, "-42")).isEqualTo(expected);
        assertThat(SpaceHash.ofBinary(SpaceType.SMALLINT, new byte[] {(byte) 0xff, (byte) 0xd6})).isEqualTo(expected);
        assertThat(SpaceHash.ofText(SpaceType.INTEGER, "+42")).isEqualTo(SpaceHash.ofText(SpaceType.INTEGER, "42"));
    }

    @Test
    void hashesTextAndItsBinaryFormAlike() {
        assertThat(SpaceHash.ofBinary(SpaceType.TEXT, "loc_1".getBytes(UTF_8))).isEqualTo(147_076_398);
        assertThat(SpaceHash.ofBinary(SpaceType.VARCHAR, "ü".getBytes(UTF_8))).isEqualTo(SpaceHash.ofText(SpaceType.VARCHAR, "ü"));
        assertThat(SpaceHash.ofText(SpaceType.VARCHAR, "loc_1")).isEqualTo(SpaceHash.ofText(SpaceType.TEXT, "loc_1"));
    }

    @Test
    void keepsWhitespaceOfText() {
        assertThat(SpaceHash.ofText(SpaceType.TEXT, "loc_1 ")).isNotEqualTo(SpaceHash.ofText(SpaceType.TEXT, "loc_1"));
    }

    @Test
    void acceptsEveryUuidSpellingOfPostgres() {
        int expected = SpaceHash.ofText(SpaceType.UUID, UUID_TEXT);
        assertThat(SpaceHash.ofText(SpaceType.UUID, "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11")).isEqualTo(expected);
        assertThat(SpaceHash.ofText(SpaceType.UUID, "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}")).isEqualTo(expected);
        assertThat(SpaceHash.ofText(SpaceType.UUID, "a0eebc999c0b4ef8bb6d6bb9bd380a11")).isEqualTo(expected);
        assertThat(SpaceHash.ofText(SpaceType.UUID, "a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11")).isEqualTo(expected);
        assertThat(SpaceHash.ofText(SpaceType.UUID, "{a0eebc999c0b4ef8bb6d6bb9bd380a11}")).isEqualTo(expected);
        assertThat(SpaceHash.ofBinary(SpaceType.UUID, HexFormat.of().parseHex("a0eebc999c0b4ef8bb6d6bb9bd380a11"))).isEqualTo(expected);
        assertThat(expected).isEqualTo(SpaceHash.ofBytes(HexFormat.of().parseHex("a0eebc999c0b4ef8bb6d6bb9bd380a11")));
    }

    @Test
    void rejectsUuidSpellingsPostgresRejects() {
        for (String text : new String[] {
                "", " " + UUID_TEXT, UUID_TEXT + " ", "{" + UUID_TEXT, UUID_TEXT + "}", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1",
                "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a111", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1-", "a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11",
                "a0eeb-c99-9c0b-4ef8-bb6d-6bb9bd380a11", "g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "{}", "{"}) {
            assertThatThrownBy(() -> SpaceHash.ofText(SpaceType.UUID, text))
                    .as(text)
                    .isInstanceOfSatisfying(TimeshardException.class, error -> assertThat(error.code()).isEqualTo(ErrorCode.INVALID_TEXT_REPRESENTATION))
                    .hasMessage("invalid input syntax for type uuid: \"" + text + "\"");
        }
    }

    @Test
    void rejectsIntegerTextThatIsNoInteger() {
        assertThatThrownBy(() -> SpaceHash.ofText(SpaceType.INTEGER, "4.2"))
                .isInstanceOfSatisfying(TimeshardException.class, error -> assertThat(error.sqlState()).isEqualTo("22P02"))
                .hasMessage("invalid input syntax for type integer: \"4.2\"");
        assertThatThrownBy(() -> SpaceHash.ofText(SpaceType.SMALLINT, "40000"))
                .isInstanceOfSatisfying(TimeshardException.class, error -> assertThat(error.sqlState()).isEqualTo("22003"))
                .hasMessage("value \"40000\" is out of range for type smallint");
    }

    @Test
    void refusesIntegerSpellingsOnlyNewerPostgresAccepts() {
        assertThatThrownBy(() -> SpaceHash.ofText(SpaceType.BIGINT, "0x2A"))
                .isInstanceOfSatisfying(TimeshardException.class, error -> assertThat(error.code()).isEqualTo(ErrorCode.FEATURE_NOT_SUPPORTED));
    }

    @Test
    void rejectsBinaryValuesOfTheWrongLength() {
        assertThatThrownBy(() -> SpaceHash.ofBinary(SpaceType.UUID, new byte[15]))
                .isInstanceOfSatisfying(TimeshardException.class, error -> assertThat(error.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
        assertThatThrownBy(() -> SpaceHash.ofBinary(SpaceType.INTEGER, new byte[8]))
                .isInstanceOfSatisfying(TimeshardException.class, error -> assertThat(error.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    }
}
