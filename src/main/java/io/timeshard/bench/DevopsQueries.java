package io.timeshard.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The SQL of TSBS's devops queries as its TimescaleDB generator writes them with tags in their own
 * table, no JSON and time_bucket, each with fresh random hosts and time windows: hosts distinct, in
 * the order drawn; a window's start uniformly random such that it ends within the loaded hours.
 * Draws from one seeded generator, so a seed gives the same queries every run. Not thread-safe.
 */
final class DevopsQueries {
    static final List<String> METRICS = List.of("usage_user", "usage_system", "usage_idle", "usage_nice", "usage_iowait", "usage_irq",
            "usage_softirq", "usage_steal", "usage_guest", "usage_guest_nice");
    /** The longest window of any query type (double-groupby, high-cpu): the loaded hours must exceed it. */
    static final Duration LONGEST_WINDOW = Duration.ofHours(12);
    /** The most hosts any query type names (single-groupby-*-8-*, cpu-max-all-8). */
    static final int MOST_HOSTS = 8;

    private static final Duration SINGLE_GROUPBY_SHORT = Duration.ofHours(1);
    private static final Duration SINGLE_GROUPBY_LONG = Duration.ofHours(12);
    private static final Duration MAX_ALL_WINDOW = Duration.ofHours(8);
    private static final Duration DOUBLE_GROUPBY_WINDOW = Duration.ofHours(12);
    private static final Duration HIGH_CPU_WINDOW = Duration.ofHours(12);
    private static final Duration ORDERBY_LIMIT_WINDOW = Duration.ofHours(1);
    private static final String MINUTE_BUCKET = "time_bucket('60 seconds', time)";
    private static final String HOUR_BUCKET = "time_bucket('3600 seconds', time)";
    /** Go's "2006-01-02 15:04:05.999999 -0700" in UTC: the fraction of a second only when there is one, without trailing zeros. */
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private static final String GROUP_BY_TIME = """
            SELECT %s AS minute,
                    %s
                    FROM cpu
                    WHERE %s AND time >= '%s' AND time < '%s'
                    GROUP BY minute ORDER BY minute ASC""";
    private static final String MAX_ALL_CPU = """
            SELECT %s AS hour,
                    %s
                    FROM cpu
                    WHERE %s AND time >= '%s' AND time < '%s'
                    GROUP BY hour ORDER BY hour""";
    // The closing delimiter sets the margin and the backslash drops the last newline: TSBS's text starts with a newline and indents.
    private static final String GROUP_BY_TIME_AND_PRIMARY_TAG = """

                    WITH cpu_avg AS (
                      SELECT %s as hour, tags_id,
                      %s
                      FROM cpu
                      WHERE time >= '%s' AND time < '%s'
                      GROUP BY 1, 2
                    )
                    SELECT hour, tags.hostname, %s
                    FROM cpu_avg
                    JOIN tags ON cpu_avg.tags_id = tags.id
                    ORDER BY hour, tags.hostname\
            """;
    private static final String GROUP_BY_ORDER_BY_LIMIT = """
            SELECT %s AS minute, max(usage_user)
                    FROM cpu
                    WHERE time < '%s'
                    GROUP BY minute
                    ORDER BY minute DESC
                    LIMIT 5""";
    private static final String HIGH_CPU = "SELECT * FROM cpu WHERE usage_user > 90.0 and time >= '%s' AND time < '%s' %s";
    private static final String LASTPOINT = "SELECT DISTINCT ON (t.hostname) * FROM tags t INNER JOIN LATERAL(SELECT * FROM cpu c "
            + "WHERE c.tags_id = t.id ORDER BY time DESC LIMIT 1) AS b ON true ORDER BY t.hostname, b.time DESC";

    private final int hosts;
    private final Duration loaded;
    private final Random random;

    DevopsQueries(int hosts, Duration loaded, long seed) {
        this.loaded = requireNonNull(loaded, "loaded is null");
        if (hosts < MOST_HOSTS) {
            throw new IllegalArgumentException("hosts must be at least " + MOST_HOSTS + ": " + hosts);
        }
        if (loaded.compareTo(LONGEST_WINDOW) <= 0) {
            throw new IllegalArgumentException("the loaded time must exceed " + LONGEST_WINDOW.toHours() + " hours: " + loaded);
        }
        this.hosts = hosts;
        this.random = new Random(seed);
    }

    /** The next query of the type, with fresh random parameters. */
    String next(DevopsQueryType type) {
        return switch (type) {
            case SINGLE_GROUPBY_1_1_1 -> groupByTime(1, 1, SINGLE_GROUPBY_SHORT);
            case SINGLE_GROUPBY_1_1_12 -> groupByTime(1, 1, SINGLE_GROUPBY_LONG);
            case SINGLE_GROUPBY_1_8_1 -> groupByTime(1, 8, SINGLE_GROUPBY_SHORT);
            case SINGLE_GROUPBY_5_1_1 -> groupByTime(5, 1, SINGLE_GROUPBY_SHORT);
            case SINGLE_GROUPBY_5_1_12 -> groupByTime(5, 1, SINGLE_GROUPBY_LONG);
            case SINGLE_GROUPBY_5_8_1 -> groupByTime(5, 8, SINGLE_GROUPBY_SHORT);
            case CPU_MAX_ALL_1 -> maxAllCpu(1);
            case CPU_MAX_ALL_8 -> maxAllCpu(8);
            case DOUBLE_GROUPBY_1 -> groupByTimeAndPrimaryTag(1);
            case DOUBLE_GROUPBY_5 -> groupByTimeAndPrimaryTag(5);
            case DOUBLE_GROUPBY_ALL -> groupByTimeAndPrimaryTag(METRICS.size());
            case GROUPBY_ORDERBY_LIMIT -> GROUP_BY_ORDER_BY_LIMIT.formatted(MINUTE_BUCKET, time(window(ORDERBY_LIMIT_WINDOW).end()));
            case HIGH_CPU_1 -> highCpu(1);
            case HIGH_CPU_ALL -> highCpu(0);
            case LASTPOINT -> LASTPOINT;
        };
    }

    /** A time as TSBS writes it, e.g. {@code 2016-01-01 05:17:30.0125 +0000}. */
    static String time(Instant instant) {
        int micros = instant.getNano() / 1000;
        String fraction = micros == 0 ? "" : ("." + String.format("%06d", micros)).replaceAll("0+$", "");
        return SECONDS.format(instant) + fraction + " +0000";
    }

    private String groupByTime(int metrics, int hostCount, Duration duration) {
        Window window = window(duration);
        return GROUP_BY_TIME.formatted(MINUTE_BUCKET, aggregates("max", metrics), hostWhere(hostCount), time(window.start()),
                time(window.end()));
    }

    private String maxAllCpu(int hostCount) {
        Window window = window(MAX_ALL_WINDOW);
        return MAX_ALL_CPU.formatted(HOUR_BUCKET, aggregates("max", METRICS.size()), hostWhere(hostCount), time(window.start()),
                time(window.end()));
    }

    private String groupByTimeAndPrimaryTag(int metrics) {
        Window window = window(DOUBLE_GROUPBY_WINDOW);
        List<String> averages = METRICS.subList(0, metrics).stream().map(metric -> "avg(" + metric + ") as mean_" + metric).toList();
        List<String> means = METRICS.subList(0, metrics).stream().map(metric -> "mean_" + metric).toList();
        return GROUP_BY_TIME_AND_PRIMARY_TAG.formatted(HOUR_BUCKET, String.join(", ", averages), time(window.start()),
                time(window.end()), String.join(", ", means));
    }

    /** high-cpu-N with N hosts, or all hosts for 0 (TSBS then leaves a trailing space where the hosts' condition goes). */
    private String highCpu(int hostCount) {
        String hostCondition = hostCount == 0 ? "" : "AND " + hostWhere(hostCount);
        Window window = window(HIGH_CPU_WINDOW);
        return HIGH_CPU.formatted(time(window.start()), time(window.end()), hostCondition);
    }

    private static String aggregates(String function, int metrics) {
        return METRICS.subList(0, metrics).stream().map(metric -> function + "(" + metric + ") as " + function + "_" + metric)
                .collect(Collectors.joining(", "));
    }

    private String hostWhere(int hostCount) {
        Set<Integer> drawn = new LinkedHashSet<>();
        while (drawn.size() < hostCount) {
            drawn.add(random.nextInt(hosts));
        }
        List<String> names = new ArrayList<>();
        for (int host : drawn) {
            names.add("'" + DevopsData.hostname(host) + "'");
        }
        return "tags_id IN (SELECT id FROM tags WHERE hostname IN (" + String.join(",", names) + "))";
    }

    /** A window of the duration at a random microsecond of the loaded time, ending within it. */
    private Window window(Duration duration) {
        long latestStartMicros = loaded.minus(duration).toNanos() / 1000;
        Instant start = DevopsData.START.plusNanos(random.nextLong(latestStartMicros) * 1000);
        return new Window(start, start.plus(duration));
    }

    private record Window(Instant start, Instant end) {}
}
