package io.timeshard.partition;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class IsoTimestampScannerTest {
    @Test
    void agreesWithTheGeneralParserOnRandomTimestamps() {
        Random random = new Random(42);
        String[] offsets = {"", "+00", "-05", "+05:30", "Z", "+14:45"};
        for (int i = 0; i < 20_000; i++) {
            String text = String.format("%04d-%02d-%02d %02d:%02d:%02d%s%s", 1 + random.nextInt(9999), 1 + random.nextInt(12),
                    1 + random.nextInt(31), random.nextInt(24), random.nextInt(60), random.nextInt(60),
                    random.nextBoolean() ? "." + (1 + random.nextInt(999_999)) : "", offsets[random.nextInt(offsets.length)]);
            for (TimeType type : new TimeType[] {TimeType.TIMESTAMPTZ, TimeType.TIMESTAMP}) {
                var fast = IsoTimestampScanner.parse(type, text, ZoneOffset.UTC);
                if (fast.isPresent()) {
                    assertThat(fast).as(text).isEqualTo(InternalTimeTextWithoutFastPath.parse(type, text, ZoneOffset.UTC));
                }
            }
        }
    }

    @Test
    void leavesZoneRulesAndOddSpellingsToTheGeneralParser() {
        assertThat(IsoTimestampScanner.parse(TimeType.TIMESTAMPTZ, "2024-01-01 00:00:00", ZoneId.of("Europe/Paris"))).isEmpty();
        assertThat(IsoTimestampScanner.parse(TimeType.TIMESTAMPTZ, "2024-02-30 00:00:00+00", ZoneOffset.UTC)).isEmpty();
        assertThat(IsoTimestampScanner.parse(TimeType.TIMESTAMPTZ, "2024-01-01 00:00:00.1234567+00", ZoneOffset.UTC)).isEmpty();
        assertThat(IsoTimestampScanner.parse(TimeType.TIMESTAMPTZ, "2024-01-01 00:00:00 PST", ZoneOffset.UTC)).isEmpty();
        assertThat(IsoTimestampScanner.parse(TimeType.DATE, "2024-01-01", ZoneOffset.UTC)).isEmpty();
    }

    @Test
    void countsDaysLikeJavaTime() {
        for (LocalDate date = LocalDate.of(1600, 1, 1); date.isBefore(LocalDate.of(2500, 1, 1)); date = date.plusDays(17)) {
            assertThat(IsoTimestampScanner.daysSinceEpoch(date.getYear(), date.getMonthValue(), date.getDayOfMonth()))
                    .isEqualTo(date.toEpochDay());
        }
    }

    /** The general parser alone, to compare against. */
    private static final class InternalTimeTextWithoutFastPath {
        static java.util.OptionalLong parse(TimeType type, String text, ZoneId zone) {
            var date = LocalDate.parse(text.substring(0, 10));
            var time = java.time.LocalTime.parse(text.substring(11, 19));
            int end = 19;
            long micros = 0;
            if (text.length() > 19 && text.charAt(19) == '.') {
                end = 20;
                while (end < text.length() && Character.isDigit(text.charAt(end))) {
                    end++;
                }
                micros = Long.parseLong((text.substring(20, end) + "000000").substring(0, 6));
            }
            long wall = date.atTime(time).toEpochSecond(ZoneOffset.UTC) * 1_000_000L + micros;
            String offset = text.substring(end);
            if (type == TimeType.TIMESTAMP || offset.isEmpty()) {
                return java.util.OptionalLong.of(wall);
            }
            ZoneOffset parsed = offset.equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(offset.length() == 3 ? offset + ":00" : offset);
            return java.util.OptionalLong.of(wall - parsed.getTotalSeconds() * 1_000_000L);
        }
    }
}
