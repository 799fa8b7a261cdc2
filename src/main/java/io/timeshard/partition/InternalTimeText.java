package io.timeshard.partition;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The ISO spellings of date, timestamp and timestamptz whose meaning to PostgreSQL is certain,
 * read as internal time values (microseconds since 1970, the unit chunks are cut in), and
 * PostgreSQL's ISO output of them. {@code protocol}'s BinaryDateTimeText is the wire's twin.
 */
final class InternalTimeText {
    static final long MICROS_PER_SECOND = 1_000_000L;
    static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;
    // PostgreSQL rejects numeric offsets beyond 15 hours.
    private static final int MAXIMUM_OFFSET_HOURS = 15;
    private static final Pattern DATE_TIME = Pattern.compile(
            "(?<year>\\d{4})-(?<month>\\d{2})-(?<day>\\d{2})"
                    + "(?:[ T](?<hour>\\d{2}):(?<minute>\\d{2})(?::(?<second>\\d{2})(?:\\.(?<fraction>\\d{1,6}))?)?"
                    + "(?: ?(?:(?<zulu>Z)|(?<sign>[+-])(?<offsetHours>\\d{2})"
                    + "(?::(?<offsetMinutes>\\d{2})(?::(?<offsetSeconds>\\d{2}))?|(?<compactMinutes>\\d{2}))?))?)?");

    private InternalTimeText() {}

    static OptionalLong parse(TimeType type, String text, ZoneId sessionZone) {
        requireNonNull(text, "text is null");
        requireNonNull(sessionZone, "sessionZone is null");
        OptionalLong fast = IsoTimestampScanner.parse(type, text, sessionZone);
        if (fast.isPresent()) {
            return fast;
        }
        Matcher matcher = DATE_TIME.matcher(PostgresWhitespace.strip(text));
        if (!matcher.matches()) {
            return OptionalLong.empty();
        }
        Optional<LocalDateTime> local = localDateTime(matcher);
        if (local.isEmpty() || !offsetInRange(matcher)) {
            return OptionalLong.empty();
        }
        long wallClockMicros = local.get().toEpochSecond(ZoneOffset.UTC) * MICROS_PER_SECOND + local.get().getNano() / 1_000;
        return switch (type) {
            case DATE -> matcher.group("hour") == null ? OptionalLong.of(wallClockMicros) : OptionalLong.empty();
            // PostgreSQL ignores an offset given for a timestamp without time zone.
            case TIMESTAMP -> OptionalLong.of(wallClockMicros);
            case TIMESTAMPTZ -> {
                OptionalInt offset = offsetSeconds(matcher);
                if (offset.isEmpty()) {
                    offset = zoneOffsetSeconds(local.get(), sessionZone);
                }
                yield offset.isPresent() ? OptionalLong.of(wallClockMicros - offset.getAsInt() * MICROS_PER_SECOND) : OptionalLong.empty();
            }
            case SMALLINT, INTEGER, BIGINT -> throw new IllegalArgumentException("not a date/time type: " + type);
        };
    }

    /** PostgreSQL's ISO output; timestamptz is shown in UTC. */
    static String format(TimeType type, long value) {
        LocalDateTime dateTime = LocalDateTime.ofEpochSecond(
                Math.floorDiv(value, MICROS_PER_SECOND), (int) Math.floorMod(value, MICROS_PER_SECOND) * 1_000, ZoneOffset.UTC);
        return switch (type) {
            case DATE -> {
                if (Math.floorMod(value, MICROS_PER_DAY) != 0) {
                    throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE, "date value " + value + " is not a midnight");
                }
                yield date(dateTime.toLocalDate()) + era(dateTime);
            }
            case TIMESTAMP -> date(dateTime.toLocalDate()) + " " + time(dateTime.toLocalTime()) + era(dateTime);
            case TIMESTAMPTZ -> date(dateTime.toLocalDate()) + " " + time(dateTime.toLocalTime()) + "+00" + era(dateTime);
            case SMALLINT, INTEGER, BIGINT -> throw new IllegalArgumentException("not a date/time type: " + type);
        };
    }

    private static Optional<LocalDateTime> localDateTime(Matcher matcher) {
        int year = Integer.parseInt(matcher.group("year"));
        int hour = number(matcher, "hour");
        // Years outside 1..9999 need BC or more digits; hour 24 and second 60 are PostgreSQL oddities.
        if (year < 1 || hour > 23 || number(matcher, "minute") > 59 || number(matcher, "second") > 59) {
            return Optional.empty();
        }
        String fraction = matcher.group("fraction") == null ? "0" : (matcher.group("fraction") + "00000").substring(0, 6);
        try {
            return Optional.of(LocalDateTime.of(
                    LocalDate.of(year, number(matcher, "month"), number(matcher, "day")),
                    LocalTime.of(hour, number(matcher, "minute"), number(matcher, "second"), Integer.parseInt(fraction) * 1_000)));
        }
        catch (DateTimeException nonexistentDate) {
            return Optional.empty();
        }
    }

    private static boolean offsetInRange(Matcher matcher) {
        return number(matcher, "offsetHours") <= MAXIMUM_OFFSET_HOURS && offsetMinutes(matcher) <= 59
                && number(matcher, "offsetSeconds") <= 59;
    }

    /** The offset east of UTC the text gives, in seconds; empty when it gives none. */
    private static OptionalInt offsetSeconds(Matcher matcher) {
        if (matcher.group("zulu") != null) {
            return OptionalInt.of(0);
        }
        if (matcher.group("sign") == null) {
            return OptionalInt.empty();
        }
        int seconds = number(matcher, "offsetHours") * 3600 + offsetMinutes(matcher) * 60 + number(matcher, "offsetSeconds");
        return OptionalInt.of(matcher.group("sign").equals("-") ? -seconds : seconds);
    }

    private static int offsetMinutes(Matcher matcher) {
        return matcher.group("compactMinutes") != null ? number(matcher, "compactMinutes") : number(matcher, "offsetMinutes");
    }

    /** The session zone's offset at a local time; empty in a gap or an overlap, where PostgreSQL's choice is not ours to guess. */
    private static OptionalInt zoneOffsetSeconds(LocalDateTime local, ZoneId zone) {
        List<ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
        return offsets.size() == 1 ? OptionalInt.of(offsets.getFirst().getTotalSeconds()) : OptionalInt.empty();
    }

    private static int number(Matcher matcher, String group) {
        String digits = matcher.group(group);
        return digits == null ? 0 : Integer.parseInt(digits);
    }

    private static String date(LocalDate date) {
        int year = date.getYear() > 0 ? date.getYear() : 1 - date.getYear();
        return String.format("%04d-%02d-%02d", year, date.getMonthValue(), date.getDayOfMonth());
    }

    private static String time(LocalTime time) {
        String whole = String.format("%02d:%02d:%02d", time.getHour(), time.getMinute(), time.getSecond());
        if (time.getNano() == 0) {
            return whole;
        }
        String fraction = String.format("%06d", time.getNano() / 1_000);
        int length = fraction.length();
        while (fraction.charAt(length - 1) == '0') {
            length--;
        }
        return whole + "." + fraction.substring(0, length);
    }

    private static String era(LocalDateTime dateTime) {
        return dateTime.getYear() > 0 ? "" : " BC";
    }
}
