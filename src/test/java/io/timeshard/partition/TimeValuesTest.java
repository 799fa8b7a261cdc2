package io.timeshard.partition;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeValuesTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final long SECOND = 1_000_000L;
    private static final long HOUR = 3_600 * SECOND;
    /** 2024-01-01 00:00:00 UTC. */
    private static final long NEW_YEAR_2024 = 1_704_067_200L * SECOND;

    @Test
    void parsesIsoDatesAsTheirMidnight() {
        assertThat(TimeValues.parseText(TimeType.DATE, "2024-01-01", UTC)).hasValue(NEW_YEAR_2024);
        assertThat(TimeValues.parseText(TimeType.DATE, " 1970-01-01\t", NEW_YORK)).hasValue(0);
        assertThat(TimeValues.parseText(TimeType.DATE, "1969-12-31", UTC)).hasValue(-24 * HOUR);
        assertThat(TimeValues.parseText(TimeType.TIMESTAMP, "2024-01-01", UTC)).hasValue(NEW_YEAR_2024);
        assertThat(TimeValues.parseText(TimeType.TIMESTAMPTZ, "2024-01-01", NEW_YORK)).hasValue(NEW_YEAR_2024 + 5 * HOUR);
    }

    @Test
    void parsesTimestampsWithSpaceOrT() {
        assertThat(TimeValues.parseText(TimeType.TIMESTAMP, "2024-01-01 00:00:00", UTC)).hasValue(NEW_YEAR_2024);
        assertThat(TimeValues.parseText(TimeType.TIMESTAMP, "2024-01-01T00:00:00", UTC)).hasValue(NEW_YEAR_2024);
        assertThat(TimeValues.parseText(TimeType.TIMESTAMP, "2024-01-01 13:45", UTC)).hasValue(NEW_YEAR_2024 + 13 * HOUR + 45 * 60 * SECOND);
    }

    @Test
    void parsesOneToSixFractionalDigits() {
        assertThat(TimeValues.parseText(TimeType.TIMESTAMP, "2024-01-01 00:00:00.5", UTC)).hasValue(NEW_YEAR_2024 + 500_000);
        assertThat(TimeValues.parseText(TimeType.TIMESTAMP, "2024-01-01 00:00:00.123", UTC)).hasValue(NEW_YEAR_2024 + 123_000);
        assertThat(TimeValues.parseText(TimeType.TIMESTAMP, "2024-01-01 00:00:00.000001", UTC)).hasValue(NEW_YEAR_2024 + 1);
        assertThat(TimeValues.parseText(TimeType.TIMESTAMP, "1969-12-31 23:59:59.999999", UTC)).hasValue(-1);
    }

    @Test
    void leavesMoreThanSixFractionalDigitsToPostgres() {
        assertThat(TimeValues.parseText(TimeType.TIMESTAMP, "2024-01-01 00:00:00.0000005", UTC)).isEmpty();
    }

    @Test
    void appliesNumericAndZuluOffsetsToTimestamptz() {
        assertThat(TimeValues.parseText(TimeType.TIMESTAMPTZ, "2024-01-01 00:00:00+00", NEW_YORK)).hasValue(NEW_YEAR_2024);
        assertThat(TimeValues.parseText(TimeType.TIMESTAMPTZ, "2024-01-01T00:00:00Z", NEW_YORK)).hasValue(NEW_YEAR_2024);
        assertThat(TimeValues.parseText(TimeType.TIMESTAMPTZ, "2024-01-01 00:00:00-05", UTC)).hasValue(NEW_YEAR_2024 + 5 * HOUR);
        assertThat(TimeValues.parseText(TimeType.TIMESTAMPTZ, "2024-01-01 00:00:00 -05", UTC)).hasValue(NEW_YEAR_2024 + 5 * HOUR);
        long fiveThirty = 5 * HOUR + 30 * 60 * SECOND;
        assertThat(TimeValues.parseText(TimeType.TIMESTAMPTZ, "2024-01-01 00:00:00+05:30", UTC)).hasValue(NEW_YEAR_2024 - fiveThirty);
        assertThat(TimeValues.parseText(TimeType.TIMESTAMPTZ, "2024-01-01 00:00:00+0530", UTC)).hasValue(NEW_YEAR_2024 - fiveThirty);
        assertThat(TimeValues.parseText(TimeType.TIMESTAMPTZ, "2024-01-01 00:00:00+05:30:15", UTC))
                .hasValue(NEW_YEAR_2024 - fiveThirty - 15 * SECOND);
        assertThat(TimeValues.parseText(TimeType.TIMESTAMPTZ, "2024-01-01 00:00:00.25-01", UTC)).hasValue(NEW_YEAR_2024 + HOUR + 250_000);
    }

    @Test
    void readsTimestamptzWithoutOffsetInTheSessionZone() {
        assertThat(TimeValues.parseText(TimeType.TIMESTAMPTZ, "2024-01-01 00:00:00", NEW_YORK)).hasValue(NEW_YEAR_2024 + 5 * HOUR);
        assertThat(TimeValues.parseText(TimeType.TIMESTAMPTZ, "2024-07-01 00:00:00", NEW_YORK))
                .hasValue(LocalDate.of(2024, 7, 1).atStartOfDay().toEpochSecond(ZoneOffset.ofHours(-4)) * SECOND);
        assertThat(TimeValues.parseText(TimeType.TIMESTAMPTZ, "2024-01-01 00:00:00", ZoneId.of("Europe/Berlin")))
                .hasValue(NEW_YEAR_2024 - HOUR);
    }

    @Test
    void leavesLocalTimesInDaylightSavingGapsAndOverlapsToPostgres() {
        assertThat(TimeValues.parseText(TimeType.TIMESTAMPTZ, "2024-03-10 02:30:00", NEW_YORK)).isEmpty();
        assertThat(TimeValues.parseText(TimeType.TIMESTAMPTZ, "2024-11-03 01:30:00", NEW_YORK)).isEmpty();
        assertThat(TimeValues.parseText(TimeType.TIMESTAMPTZ, "2024-11-03 01:30:00-04", NEW_YORK)).isPresent();
        assertThat(TimeValues.parseText(TimeType.TIMESTAMP, "2024-03-10 02:30:00", NEW_YORK)).isPresent();
    }

    @Test
    void ignoresTheOffsetOfATimestampWithoutTimeZone() {
        assertThat(TimeValues.parseText(TimeType.TIMESTAMP, "2024-01-01 00:00:00+05:30", NEW_YORK)).hasValue(NEW_YEAR_2024);
        assertThat(TimeValues.parseText(TimeType.TIMESTAMP, "2024-01-01T00:00:00Z", NEW_YORK)).hasValue(NEW_YEAR_2024);
    }

    @Test
    void leavesADateWithATimePartToPostgres() {
        assertThat(TimeValues.parseText(TimeType.DATE, "2024-01-01 00:00:00", UTC)).isEmpty();
    }

    @Test
    void leavesSpecialAndUnusualSpellingsToPostgres() {
        for (String text : new String[] {
                "infinity", "-infinity", "epoch", "now", "today", "tomorrow", "yesterday", "2024-01-01 BC",
                "2024-01-01 00:00:00 BC", "10000-01-01", "0000-01-01", "2024-1-1", "01/02/2024", "2024-01-01 24:00:00",
                "2024-01-01 23:59:60", "2024-02-30", "2024-01-01 00:00:00+16", "2024-01-01 00:00:00+05:60",
                "2024-01-01 00:00:00 America/New_York", "2024-01-01 00:00:00 EST", "2024-01-01  00:00:00",
                "2024-01-01+05", "January 1, 2024", "", "   "}) {
            for (TimeType type : new TimeType[] {TimeType.TIMESTAMPTZ, TimeType.TIMESTAMP, TimeType.DATE}) {
                assertThat(TimeValues.parseText(type, text, UTC)).as("%s as %s", text, type).isEmpty();
            }
        }
    }

    @Test
    void acceptsTheOuterYearsOfFourDigits() {
        assertThat(TimeValues.parseText(TimeType.DATE, "0001-01-01", UTC))
                .hasValue(LocalDate.of(1, 1, 1).toEpochDay() * 24 * HOUR);
        assertThat(TimeValues.parseText(TimeType.TIMESTAMPTZ, "9999-12-31 23:59:59.999999-15", UTC))
                .hasValue((LocalDate.of(10000, 1, 1).toEpochDay() * 24 + 15) * HOUR - 1);
    }

    @Test
    void parsesDecimalIntegersWithSignAndWhitespace() {
        assertThat(TimeValues.parseText(TimeType.INTEGER, " -42 ", UTC)).hasValue(-42);
        assertThat(TimeValues.parseText(TimeType.SMALLINT, "+32767", UTC)).hasValue(32_767);
        assertThat(TimeValues.parseText(TimeType.SMALLINT, "-32768", UTC)).hasValue(-32_768);
        assertThat(TimeValues.parseText(TimeType.BIGINT, "-9223372036854775808", UTC)).hasValue(Long.MIN_VALUE);
        assertThat(TimeValues.parseText(TimeType.BIGINT, "0009223372036854775807", UTC)).hasValue(Long.MAX_VALUE);
    }

    @Test
    void rejectsIntegersOutOfTheTypesRange() {
        assertOutOfRange(TimeType.SMALLINT, "32768", "value \"32768\" is out of range for type smallint");
        assertOutOfRange(TimeType.INTEGER, "-2147483649", "value \"-2147483649\" is out of range for type integer");
        assertOutOfRange(TimeType.BIGINT, " 9223372036854775808", "value \" 9223372036854775808\" is out of range for type bigint");
        assertOutOfRange(TimeType.BIGINT, "99999999999999999999999", "value \"99999999999999999999999\" is out of range for type bigint");
    }

    @Test
    void rejectsTextThatIsNoInteger() {
        for (String text : new String[] {"", " ", "4.2", "1e3", "- 1", "++1", "12a", "٤٢", "infinity"}) {
            assertThatThrownBy(() -> TimeValues.parseText(TimeType.INTEGER, text, UTC))
                    .as(text)
                    .isInstanceOfSatisfying(TimeshardException.class, error -> assertThat(error.code()).isEqualTo(ErrorCode.INVALID_TEXT_REPRESENTATION))
                    .hasMessage("invalid input syntax for type integer: \"" + text + "\"");
        }
        assertThatThrownBy(() -> TimeValues.parseText(TimeType.BIGINT, "x", UTC)).hasMessage("invalid input syntax for type bigint: \"x\"");
        assertThatThrownBy(() -> TimeValues.parseText(TimeType.SMALLINT, "x", UTC)).hasMessage("invalid input syntax for type smallint: \"x\"");
    }

    @Test
    void leavesIntegerSpellingsOfNewerPostgresToPostgres() {
        for (String text : new String[] {"0x1F", "-0o17", "0b101", "1_000", "0x_FF"}) {
            assertThat(TimeValues.parseText(TimeType.BIGINT, text, UTC)).as(text).isEmpty();
        }
    }

    @Test
    void convertsBinaryTimestampsFromThePostgresEpoch() {
        long sincePostgresEpoch = (1_704_067_200L - 946_684_800L) * SECOND;
        assertThat(TimeValues.fromBinary(TimeType.TIMESTAMPTZ, longBytes(sincePostgresEpoch))).isEqualTo(NEW_YEAR_2024);
        assertThat(TimeValues.fromBinary(TimeType.TIMESTAMP, longBytes(sincePostgresEpoch))).isEqualTo(NEW_YEAR_2024);
        assertThat(TimeValues.fromBinary(TimeType.TIMESTAMP, longBytes(0))).isEqualTo(946_684_800L * SECOND);
        assertThat(TimeValues.fromBinary(TimeType.DATE, ByteBuffer.allocate(4).putInt(8_766).array())).isEqualTo(NEW_YEAR_2024);
        assertThat(TimeValues.fromBinary(TimeType.DATE, ByteBuffer.allocate(4).putInt(-10_957).array())).isZero();
    }

    @Test
    void convertsBinaryIntegersBigEndian() {
        assertThat(TimeValues.fromBinary(TimeType.SMALLINT, new byte[] {(byte) 0xff, (byte) 0xfe})).isEqualTo(-2);
        assertThat(TimeValues.fromBinary(TimeType.INTEGER, new byte[] {0, 0, 1, 0})).isEqualTo(256);
        assertThat(TimeValues.fromBinary(TimeType.BIGINT, longBytes(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void rejectsBinaryValuesOfTheWrongLength() {
        for (TimeType type : TimeType.values()) {
            assertThatThrownBy(() -> TimeValues.fromBinary(type, new byte[3]))
                    .as(type.name())
                    .isInstanceOfSatisfying(TimeshardException.class, error -> assertThat(error.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
        }
    }

    @Test
    void rejectsInfiniteAndUnrepresentableBinaryTimes() {
        for (byte[] value : new byte[][] {longBytes(Long.MAX_VALUE), longBytes(Long.MIN_VALUE), longBytes(Long.MAX_VALUE - 1)}) {
            assertThatThrownBy(() -> TimeValues.fromBinary(TimeType.TIMESTAMPTZ, value))
                    .isInstanceOfSatisfying(TimeshardException.class, error -> assertThat(error.code()).isEqualTo(ErrorCode.DATETIME_FIELD_OVERFLOW));
        }
        for (int days : new int[] {Integer.MAX_VALUE, Integer.MIN_VALUE, 2_000_000_000}) {
            assertThatThrownBy(() -> TimeValues.fromBinary(TimeType.DATE, ByteBuffer.allocate(4).putInt(days).array()))
                    .isInstanceOfSatisfying(TimeshardException.class, error -> assertThat(error.code()).isEqualTo(ErrorCode.DATETIME_FIELD_OVERFLOW));
        }
    }

    @Test
    void formatsInternalValuesAsPostgresIsoText() {
        assertThat(TimeValues.toText(TimeType.TIMESTAMPTZ, NEW_YEAR_2024)).isEqualTo("2024-01-01 00:00:00+00");
        assertThat(TimeValues.toText(TimeType.TIMESTAMP, NEW_YEAR_2024)).isEqualTo("2024-01-01 00:00:00");
        assertThat(TimeValues.toText(TimeType.DATE, NEW_YEAR_2024)).isEqualTo("2024-01-01");
        assertThat(TimeValues.toText(TimeType.TIMESTAMPTZ, -1)).isEqualTo("1969-12-31 23:59:59.999999+00");
        assertThat(TimeValues.toText(TimeType.TIMESTAMP, NEW_YEAR_2024 + 120_000)).isEqualTo("2024-01-01 00:00:00.12");
        assertThat(TimeValues.toText(TimeType.BIGINT, -604_800)).isEqualTo("-604800");
        assertThat(TimeValues.toText(TimeType.SMALLINT, 7)).isEqualTo("7");
    }

    @Test
    void formatsYearsBeyondFourDigitsAndBeforeChrist() {
        long yearZero = LocalDate.of(0, 12, 31).toEpochDay() * 24 * HOUR;
        assertThat(TimeValues.toText(TimeType.DATE, yearZero)).isEqualTo("0001-12-31 BC");
        assertThat(TimeValues.toText(TimeType.TIMESTAMPTZ, yearZero)).isEqualTo("0001-12-31 00:00:00+00 BC");
        assertThat(TimeValues.toText(TimeType.TIMESTAMP, LocalDate.of(10000, 1, 1).toEpochDay() * 24 * HOUR)).isEqualTo("10000-01-01 00:00:00");
    }

    @Test
    void formatsWhatItParsesBack() {
        for (String text : new String[] {"2024-02-29 12:34:56.789+00", "1900-01-01 00:00:00+00", "1969-12-31 23:59:59.000001+00"}) {
            long value = TimeValues.parseText(TimeType.TIMESTAMPTZ, text, NEW_YORK).orElseThrow();
            assertThat(TimeValues.toText(TimeType.TIMESTAMPTZ, value)).isEqualTo(text);
        }
    }

    @Test
    void refusesToShowADateThatIsNotAMidnight() {
        assertThatThrownBy(() -> TimeValues.toText(TimeType.DATE, NEW_YEAR_2024 + 1))
                .isInstanceOfSatisfying(TimeshardException.class, error -> assertThat(error.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    }

    private static void assertOutOfRange(TimeType type, String text, String message) {
        assertThatThrownBy(() -> TimeValues.parseText(type, text, UTC))
                .isInstanceOfSatisfying(TimeshardException.class, error -> assertThat(error.code()).isEqualTo(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE))
                .hasMessage(message);
    }

    private static byte[] longBytes(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }
}
