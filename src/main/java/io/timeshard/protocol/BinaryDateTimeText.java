package io.timeshard.protocol;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's ISO text spelling of date, timestamp and timestamptz, converted to and from
 * the binary form: days or microseconds since 2000-01-01 (UTC for timestamptz).
 */
final class BinaryDateTimeText {
    private static final LocalDate EPOCH_DATE = LocalDate.of(2000, 1, 1);
    private static final LocalDateTime EPOCH = EPOCH_DATE.atStartOfDay();
    private static final Pattern TIMESTAMP = Pattern.compile(
            "(\\d{4,})-(\\d{2})-(\\d{2})(?:[ T](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,6}))?)?"
                    + "\\s*(?:([+-])(\\d{2})(?::?(\\d{2}))?(?::(\\d{2}))?)?(\\s+BC)?");

    private BinaryDateTimeText() {}

    static int parseDate(String text) {
        String trimmed = text.trim();
        if (trimmed.equalsIgnoreCase("infinity")) {
            return Integer.MAX_VALUE;
        }
        if (trimmed.equalsIgnoreCase("-infinity")) {
            return Integer.MIN_VALUE;
        }
        return (int) ChronoUnit.DAYS.between(EPOCH_DATE, parse(trimmed).toLocalDate());
    }

    static long parseTimestamp(String text, boolean withZone) {
        String trimmed = text.trim();
        if (trimmed.equalsIgnoreCase("infinity")) {
            return Long.MAX_VALUE;
        }
        if (trimmed.equalsIgnoreCase("-infinity")) {
            return Long.MIN_VALUE;
        }
        Matcher matcher = match(trimmed);
        LocalDateTime local = parse(trimmed);
        if (withZone && matcher.group(8) != null) {
            int seconds = Integer.parseInt(matcher.group(9)) * 3600 + parseOr(matcher.group(10)) * 60 + parseOr(matcher.group(11));
            local = local.minusSeconds(matcher.group(8).equals("-") ? -seconds : seconds);
        }
        return ChronoUnit.MICROS.between(EPOCH, local);
    }

    static String formatDate(int days) {
        if (days == Integer.MAX_VALUE) {
            return "infinity";
        }
        if (days == Integer.MIN_VALUE) {
            return "-infinity";
        }
        return withEra(EPOCH_DATE.plusDays(days), "");
    }

    static String formatTimestamp(long micros, boolean withZone) {
        if (micros == Long.MAX_VALUE) {
            return "infinity";
        }
        if (micros == Long.MIN_VALUE) {
            return "-infinity";
        }
        LocalDateTime value = EPOCH.plus(micros, ChronoUnit.MICROS);
        StringBuilder time = new StringBuilder(String.format(" %02d:%02d:%02d", value.getHour(), value.getMinute(), value.getSecond()));
        if (value.getNano() != 0) {
            time.append('.').append(String.format("%06d", value.getNano() / 1000).replaceAll("0+$", ""));
        }
        if (withZone) {
            time.append("+00");
        }
        return withEra(value.toLocalDate(), time.toString());
    }

    private static String withEra(LocalDate date, String time) {
        if (date.getYear() > 0) {
            return String.format("%04d-%02d-%02d%s", date.getYear(), date.getMonthValue(), date.getDayOfMonth(), time);
        }
        return String.format("%04d-%02d-%02d%s BC", 1 - date.getYear(), date.getMonthValue(), date.getDayOfMonth(), time);
    }

    private static LocalDateTime parse(String text) {
        Matcher matcher = match(text);
        int year = Integer.parseInt(matcher.group(1));
        if (matcher.group(12) != null) {
            year = 1 - year;
        }
        LocalDate date = LocalDate.of(year, Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3)));
        if (matcher.group(4) == null) {
            return date.atStartOfDay();
        }
        String fraction = matcher.group(7) == null ? "0" : (matcher.group(7) + "00000").substring(0, 6);
        LocalTime time = LocalTime.of(Integer.parseInt(matcher.group(4)), Integer.parseInt(matcher.group(5)),
                Integer.parseInt(matcher.group(6)), Integer.parseInt(fraction) * 1000);
        return date.atTime(time);
    }

    private static Matcher match(String text) {
        Matcher matcher = TIMESTAMP.matcher(text);
        if (!matcher.matches()) {
            throw new NumberFormatException("not an ISO date/time: " + text);
        }
        return matcher;
    }

    private static int parseOr(String digits) {
        return digits == null ? 0 : Integer.parseInt(digits);
    }

}
