package io.timeshard.distributed;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.timeshard.distributed.DifferentialSchema.DATA_END;
import static io.timeshard.distributed.DifferentialSchema.DATA_START;
import static java.util.Objects.requireNonNull;

/**
 * Random time literals and ranges on the time column, in the many spellings clients use: with
 * and without offsets (so that the session's zone matters), typed, cast, computed; ranges near
 * chunk boundaries, midnights of the session's zone and the repartition.
 */
final class RandomTimes {
    /** A bound for scans that move every row they match to the access node: joins, subqueries, windows. */
    static final int NARROW_MINUTES = 120;
    private static final ZoneId SESSION_ZONE = ZoneId.of(DifferentialData.SESSION_TIME_ZONE);
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter MILLISECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    /** Chunk boundaries (midnight UTC), midnights of the session's zone, and the repartition. */
    private static final List<Instant> BOUNDARIES = IntStream.rangeClosed(0, 8)
            .boxed()
            .map(day -> DATA_START.plus(day, ChronoUnit.DAYS))
            .flatMap(midnight -> Stream.of(midnight, midnight.minus(330, ChronoUnit.MINUTES)))
            .toList();

    private final RandomChoices random;

    RandomTimes(RandomChoices random) {
        this.random = requireNonNull(random, "random is null");
    }

    /** An instant in or just around the data, often on a boundary that matters to chunks or to the session's zone. */
    Instant instant() {
        if (random.chance(0.15)) {
            Instant boundary = random.pick(BOUNDARIES);
            // Half of them a little before the boundary, so that ranges cross it.
            return random.chance(0.5) ? boundary : boundary.minus(random.between(1, 90), ChronoUnit.MINUTES);
        }
        long minutes = ChronoUnit.MINUTES.between(DATA_START, DATA_END);
        Instant instant = DATA_START.plus(random.between(-60, (int) minutes + 60), ChronoUnit.MINUTES);
        if (random.chance(0.3)) {
            instant = instant.plusSeconds(random.between(0, 59));
        }
        if (random.chance(0.1)) {
            instant = instant.plusMillis(random.between(0, 999));
        }
        return instant;
    }

    /**
     * How the time literals of one range are spelled: the same for both bounds, so that a spelling
     * the session's zone reads differently (a zoneless UTC wall clock, a cast to timestamp, which
     * ignores the offset) moves both bounds alike and the range keeps its width.
     */
    private record Spelling(int form, ZoneOffset offset, boolean withoutZone) {}

    private Spelling spelling() {
        ZoneOffset offset = random.pick(List.of(ZoneOffset.ofHours(-3), ZoneOffset.ofHours(1), ZoneOffset.ofHoursMinutes(5, 30),
                ZoneOffset.ofHours(-8)));
        return new Spelling(random.between(0, 9), offset, random.chance(0.05));
    }

    /** A timestamptz literal in one of the spellings clients use; without an offset, the session's zone reads it. */
    String timestamp(Instant instant) {
        return timestamp(instant, spelling());
    }

    private String timestamp(Instant instant, Spelling spelling) {
        String text = switch (spelling.form()) {
            case 0, 1, 2, 3 -> format(instant, ZoneOffset.UTC) + "+00";
            case 4, 5 -> format(instant, SESSION_ZONE);
            // The UTC wall clock without an offset: the session reads it five and a half hours earlier.
            case 6 -> format(instant, ZoneOffset.UTC);
            case 7 -> format(instant, spelling.offset()) + spelling.offset().getId().replace(":00", "");
            case 8 -> random.chance(0.5) ? instant.toString() : format(instant, TOKYO) + " Asia/Tokyo";
            default -> format(instant, ZoneOffset.UTC) + " UTC";
        };
        String literal = DifferentialSchema.quoted(text);
        if (spelling.withoutZone()) {
            // A timestamp without zone compared with timestamptz: read in the session's zone, any offset ignored.
            return random.chance(0.5) ? literal + "::timestamp" : "timestamp " + literal;
        }
        return switch (random.between(0, 11)) {
            case 0, 1 -> "timestamptz " + literal;
            case 2 -> literal + "::timestamptz";
            case 3 -> "CAST(" + literal + " AS timestamp with time zone)";
            // The same instant, computed from the UTC wall clock by an immutable function; not for a spelling the session moves.
            case 4 -> spelling.form() == 6 ? literal : "(timestamp " + DifferentialSchema.quoted(format(instant, ZoneOffset.UTC))
                    + " AT TIME ZONE 'UTC')";
            default -> literal;
        };
    }

    /** A literal of type timestamptz, fit for arithmetic with intervals. */
    String typedTimestamp(Instant instant) {
        return "timestamptz " + DifferentialSchema.quoted(format(instant, ZoneOffset.UTC) + "+00");
    }

    private static String format(Instant instant, ZoneId zone) {
        DateTimeFormatter formatter = instant.getNano() != 0 ? MILLISECONDS : instant.getEpochSecond() % 60 != 0 ? SECONDS : MINUTES;
        return formatter.format(instant.atZone(zone));
    }

    /**
     * A condition that keeps the rows of {@code column} to a range of at most {@code maxMinutes}
     * (and once in a while, through a zoneless literal, a few hours more), in one of many spellings.
     */
    String narrowTimeRange(String column, int maxMinutes) {
        return narrowTimeRange(column, maxMinutes, false);
    }

    /**
     * A range whose bounds PostgreSQL folds to constants when it plans the query (no interval
     * arithmetic, no cast to timestamp, both only stable): the home database then excludes foreign
     * chunks and sends the range to the data nodes. For subqueries run again for each outer row,
     * which would otherwise read whole hypertables each time.
     */
    String constantTimeRange(String column, int maxMinutes) {
        return narrowTimeRange(column, maxMinutes, true);
    }

    private String narrowTimeRange(String column, int maxMinutes, boolean constant) {
        int minutes = 1 + (int) (maxMinutes * Math.pow(random.fraction(), 2));
        Instant start = instant();
        Instant end = start.plus(minutes, ChronoUnit.MINUTES);
        Spelling spelling = constant ? new Spelling(random.between(0, 9), spelling().offset(), false) : spelling();
        int form = random.between(0, 13);
        String halfOpen = column + " >= " + timestamp(start, spelling) + " AND " + column + " < " + timestamp(end, spelling);
        if (constant && form == 6) {
            form = 0;
        }
        return switch (form) {
            case 0, 1, 2 -> halfOpen;
            case 3 -> column + " BETWEEN " + timestamp(start, spelling) + " AND " + timestamp(end, spelling);
            case 4 -> column + " > " + timestamp(start, spelling) + " AND " + column + " <= " + timestamp(end, spelling);
            case 5 -> "(" + timestamp(end, spelling) + " > " + column + ") AND (" + timestamp(start, spelling) + " <= " + column + ")";
            case 6 -> column + " >= " + typedTimestamp(start) + " - " + interval(random.between(0, 30)) + " AND " + column + " < "
                    + typedTimestamp(start) + " + " + interval(minutes);
            case 7 -> {
                Instant minute = start.truncatedTo(ChronoUnit.MINUTES);
                Instant later = minute.plus(random.between(1, 90), ChronoUnit.MINUTES);
                yield switch (random.between(0, constant ? 2 : 3)) {
                    case 0 -> column + " = " + timestamp(minute, spelling);
                    case 1 -> column + " IN (" + timestamp(minute, spelling) + ", " + timestamp(later, spelling) + ")";
                    case 2 -> column + " = ANY (ARRAY[" + typedTimestamp(minute) + ", " + typedTimestamp(later) + "])";
                    // A row comparison is not a condition on time alone: it must not exclude chunks as one.
                    default -> "(" + column + ", 1) >= (" + timestamp(minute, spelling) + ", 2) AND " + column + " <= "
                            + timestamp(later, spelling);
                };
            }
            case 8 -> {
                Instant other = instant();
                yield "(" + column + " >= " + timestamp(start, spelling) + " AND " + column + " < " + timestamp(start.plus(minutes / 2 + 1,
                        ChronoUnit.MINUTES), spelling) + " OR " + column + " >= " + timestamp(other, spelling) + " AND " + column + " < "
                        + timestamp(other.plus(minutes / 2 + 1, ChronoUnit.MINUTES), spelling) + ")";
            }
            case 9 -> column + " BETWEEN SYMMETRIC " + timestamp(end, spelling) + " AND " + timestamp(start, spelling);
            case 10 -> column + " < " + timestamp(DATA_START.plus(minutes, ChronoUnit.MINUTES), spelling);
            case 11 -> column + " >= " + timestamp(DATA_END.minus(minutes, ChronoUnit.MINUTES), spelling);
            case 12 -> random.chance(0.5) ? halfOpen + " AND " + column + " > now() - interval '100 years'"
                    : "NOT (" + column + " < " + timestamp(start, spelling) + ") AND NOT " + column + " >= " + timestamp(end, spelling);
            default -> halfOpen + " AND " + column + "::date = "
                    + DifferentialSchema.quoted(start.atZone(SESSION_ZONE).toLocalDate().toString());
        };
    }

    /** A condition on {@code column} for queries that stay cheap over any number of rows; empty for none. */
    String wideTimeRange(String column) {
        return switch (random.between(0, 9)) {
            case 0, 1 -> "";
            case 2, 3 -> narrowTimeRange(column, 24 * 60);
            case 4 -> column + " >= " + timestamp(instant());
            case 5 -> column + " < " + timestamp(instant());
            case 6 -> {
                // Dates without a zone: midnight in the session's zone.
                String from = day(random.between(-1, 8));
                String to = day(random.between(0, 9));
                yield random.chance(0.5) ? column + " >= " + from : column + " >= " + from + " AND " + column + " < " + to;
            }
            case 7 -> column + " >= date " + day(random.between(0, 8)) + " AND " + column + " < date " + day(random.between(0, 8)) + " + "
                    + random.between(1, 3);
            case 8 -> switch (random.between(0, 6)) {
                case 0 -> column + " > now() - interval '100 years'";
                case 1 -> column + " < 'infinity'";
                case 2 -> column + " > '-infinity'::timestamptz";
                case 3 -> random.pick(column + " >= 'epoch' AND " + column + " < 'today'", column + " < current_timestamp", column
                        + " < localtimestamp", column + "::date < current_date");
                case 4 -> column + " >= to_timestamp(" + instant().getEpochSecond() + ")";
                // A text that holds a time cast to date: midnight of that day in the session's zone.
                case 5 -> column + " >= " + DifferentialSchema.quoted(format(instant(), ZoneOffset.UTC) + "+00") + "::date";
                default -> column + " < " + DifferentialSchema.quoted(format(instant(), ZoneOffset.UTC) + "+00") + "::date";
            };
            default -> narrowTimeRange(column, NARROW_MINUTES);
        };
    }

    /** An interval of so many minutes, in one of its spellings. */
    private String interval(int minutes) {
        return switch (random.between(0, 4)) {
            case 0 -> "'" + minutes + " minutes'::interval";
            case 1 -> minutes + " * interval '1 minute'";
            case 2 -> "interval 'PT" + minutes + "M'";
            case 3 -> "interval '" + minutes * 60 + "' second";
            default -> "interval '" + minutes + " minutes'";
        };
    }

    private static String day(int offset) {
        return DifferentialSchema.quoted(DATA_START.plus(offset, ChronoUnit.DAYS).atZone(ZoneOffset.UTC).toLocalDate().toString());
    }

    /** The instant as a wall clock in UTC, without an offset: a timestamp literal's text. */
    static String utcWallClock(Instant instant) {
        return format(instant, ZoneOffset.UTC);
    }
}
