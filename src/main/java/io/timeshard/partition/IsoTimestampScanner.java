package io.timeshard.partition;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.OptionalLong;

/**
 * The fast path for the spelling that bulk loads use almost always, "YYYY-MM-DD HH:MM:SS[.ffffff]"
 * with an optional "+HH", "+HH:MM" or "Z" offset: read by hand, without regular expressions or
 * java.time objects. Anything else is left to {@link InternalTimeText} (empty result).
 */
final class IsoTimestampScanner {
    /** No timestamp of years 1 to 9999 is this many microseconds from 1970. */
    private static final long UNREADABLE = Long.MIN_VALUE;

    private IsoTimestampScanner() {}

    static OptionalLong parse(TimeType type, CharSequence text, ZoneId sessionZone) {
        long value = parse(type, text, sessionZone, UNREADABLE);
        return value == UNREADABLE ? OptionalLong.empty() : OptionalLong.of(value);
    }

    /** As {@link #parse(TimeType, CharSequence, ZoneId)}, without an object per value: {@code unreadable} for empty. */
    static long parse(TimeType type, CharSequence text, ZoneId sessionZone, long unreadable) {
        int length = text.length();
        if (type == TimeType.DATE || length < 19 || text.charAt(4) != '-' || text.charAt(7) != '-'
                || (text.charAt(10) != ' ' && text.charAt(10) != 'T') || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return unreadable;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
            return unreadable;
        }
        int position = 19;
        long micros = 0;
        if (position < length && text.charAt(position) == '.') {
            int start = ++position;
            while (position < length && position - start < 6 && isDigit(text.charAt(position))) {
                micros = micros * 10 + (text.charAt(position++) - '0');
            }
            if (position == start || (position < length && isDigit(text.charAt(position)))) {
                return unreadable;
            }
            for (int i = position - start; i < 6; i++) {
                micros *= 10;
            }
        }
        long wallClock = ((daysSinceEpoch(year, month, day) * 24 + hour) * 60 + minute) * 60 + second;
        long wallClockMicros = wallClock * 1_000_000L + micros;
        if (position == length) {
            if (type == TimeType.TIMESTAMP) {
                return wallClockMicros;
            }
            ZoneId zone = sessionZone.normalized();
            return zone instanceof ZoneOffset offset ? wallClockMicros - offset.getTotalSeconds() * 1_000_000L : unreadable;
        }
        int offsetSeconds = offsetSeconds(text, position);
        if (offsetSeconds == Integer.MIN_VALUE) {
            return unreadable;
        }
        // PostgreSQL ignores an offset given for a timestamp without time zone.
        return type == TimeType.TIMESTAMP ? wallClockMicros : wallClockMicros - offsetSeconds * 1_000_000L;
    }

    /** "Z", "+HH" or "+HH:MM" from {@code position} to the end; Integer.MIN_VALUE for anything else. */
    private static int offsetSeconds(CharSequence text, int position) {
        int remaining = text.length() - position;
        char sign = text.charAt(position);
        if (remaining == 1 && sign == 'Z') {
            return 0;
        }
        if ((sign != '+' && sign != '-') || (remaining != 3 && remaining != 6) || (remaining == 6 && text.charAt(position + 3) != ':')) {
            return Integer.MIN_VALUE;
        }
        int hours = digits(text, position + 1, 2);
        int minutes = remaining == 6 ? digits(text, position + 4, 2) : 0;
        if (hours < 0 || hours > 15 || minutes < 0 || minutes > 59) {
            return Integer.MIN_VALUE;
        }
        int seconds = hours * 3600 + minutes * 60;
        return sign == '-' ? -seconds : seconds;
    }

    /** The value of {@code count} decimal digits at {@code start}, or -1 when one is not a digit. */
    private static int digits(CharSequence text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1_000_000;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days from 1970-01-01 to the proleptic Gregorian date (the civil-days algorithm). */
    static long daysSinceEpoch(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468L;
    }
}
