package io.timeshard.home;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Interval literals of hours and smaller units ({@code '1 millisecond'}, {@code '2 hours 30 min'}),
 * read as PostgreSQL reads them, into microseconds. Days, months, fractions, {@code @}, {@code ago}
 * and the clock spelling are left to PostgreSQL, as is a minus sign beside other fields: in the
 * sql_standard interval style one sign applies to all of them.
 */
final class IntervalText {
    private static final Pattern FIELD = Pattern.compile("\\s*([+-]?)(\\d{1,12})\\s*([a-z]+)\\s*");
    private static final Map<String, Long> MICROSECONDS = Map.ofEntries(
            Map.entry("microsecond", 1L), Map.entry("microseconds", 1L), Map.entry("usec", 1L), Map.entry("usecs", 1L),
            Map.entry("us", 1L),
            Map.entry("millisecond", 1_000L), Map.entry("milliseconds", 1_000L), Map.entry("msec", 1_000L), Map.entry("msecs", 1_000L),
            Map.entry("ms", 1_000L),
            Map.entry("second", 1_000_000L), Map.entry("seconds", 1_000_000L), Map.entry("sec", 1_000_000L),
            Map.entry("secs", 1_000_000L), Map.entry("s", 1_000_000L),
            Map.entry("minute", 60_000_000L), Map.entry("minutes", 60_000_000L), Map.entry("min", 60_000_000L),
            Map.entry("mins", 60_000_000L), Map.entry("m", 60_000_000L),
            Map.entry("hour", 3_600_000_000L), Map.entry("hours", 3_600_000_000L), Map.entry("hr", 3_600_000_000L),
            Map.entry("hrs", 3_600_000_000L), Map.entry("h", 3_600_000_000L));

    private IntervalText() {}

    /** The interval's microseconds; empty for any other spelling. */
    static OptionalLong microseconds(String text) {
        Matcher field = FIELD.matcher(text.toLowerCase(Locale.ROOT));
        long total = 0;
        int fields = 0;
        boolean signed = false;
        int position = 0;
        while (position < text.length()) {
            if (!field.find(position) || field.start() != position) {
                return OptionalLong.empty();
            }
            Long unit = MICROSECONDS.get(field.group(3));
            if (unit == null) {
                return OptionalLong.empty();
            }
            long amount = Math.multiplyExact(Long.parseLong(field.group(2)), unit);
            signed |= !field.group(1).isEmpty();
            total = Math.addExact(total, field.group(1).equals("-") ? -amount : amount);
            fields++;
            position = field.end();
        }
        return fields == 0 || signed && fields > 1 ? OptionalLong.empty() : OptionalLong.of(total);
    }
}
