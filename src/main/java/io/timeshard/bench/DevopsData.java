package io.timeshard.bench;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

/**
 * The tables and rows of TSBS's devops cpu-only data as its TimescaleDB loader keeps them with the
 * hostname in the table: one {@code tags} row per host {@code host_0 .. host_(N-1)}, ids 1 to N in
 * that order, and a {@code cpu} reading of every host every {@value #READING_SECONDS} seconds from
 * {@link #START}, TSBS's default start. Each metric is a random walk of standard normal steps held
 * within 0 to 100 and written as a whole number, as TSBS's generator does; tag values are drawn
 * from TSBS's choices. One seed gives the same rows every time. Not thread-safe.
 */
final class DevopsData {
    static final Instant START = Instant.parse("2016-01-01T00:00:00Z");
    static final int READING_SECONDS = 10;
    static final int READINGS_PER_HOUR = 3600 / READING_SECONDS;

    static final String CREATE_TAGS = "CREATE TABLE tags(id SERIAL PRIMARY KEY, hostname TEXT, region TEXT, datacenter TEXT, rack TEXT, "
            + "os TEXT, arch TEXT, team TEXT, service TEXT, service_version TEXT, service_environment TEXT)";
    static final List<String> TAGS_INDEXES = List.of("CREATE UNIQUE INDEX uniq1 ON tags(hostname, region, datacenter, rack, os, arch, "
            + "team, service, service_version, service_environment)", "CREATE INDEX ON tags(hostname)");
    static final String CREATE_CPU = "CREATE TABLE cpu (time timestamptz, tags_id integer, hostname TEXT, "
            + String.join(" DOUBLE PRECISION, ", DevopsQueries.METRICS) + " DOUBLE PRECISION, additional_tags JSONB DEFAULT NULL)";
    /** TSBS's --partition-index and --time-index; its field index is on no field by default (--field-index-count 0). */
    static final List<String> CPU_INDEXES = List.of("CREATE INDEX ON cpu(hostname, \"time\" DESC)", "CREATE INDEX ON cpu(\"time\" DESC)");
    static final String COPY_TAGS = "COPY tags (hostname, region, datacenter, rack, os, arch, team, service, service_version, "
            + "service_environment) FROM STDIN (FORMAT csv)";
    static final String COPY_CPU = "COPY cpu (time, tags_id, hostname, " + String.join(", ", DevopsQueries.METRICS)
            + ") FROM STDIN (FORMAT csv)";

    /** Each region with its datacenters. */
    private static final List<List<String>> REGIONS = List.of(
            List.of("us-east-1", "us-east-1a", "us-east-1b", "us-east-1c", "us-east-1e"),
            List.of("us-west-1", "us-west-1a", "us-west-1b"),
            List.of("us-west-2", "us-west-2a", "us-west-2b", "us-west-2c"),
            List.of("eu-west-1", "eu-west-1a", "eu-west-1b", "eu-west-1c"),
            List.of("eu-central-1", "eu-central-1a", "eu-central-1b"),
            List.of("ap-southeast-1", "ap-southeast-1a", "ap-southeast-1b"),
            List.of("ap-southeast-2", "ap-southeast-2a", "ap-southeast-2b"),
            List.of("ap-northeast-1", "ap-northeast-1a", "ap-northeast-1c"),
            List.of("sa-east-1", "sa-east-1a", "sa-east-1b", "sa-east-1c"));
    private static final List<String> OPERATING_SYSTEMS = List.of("Ubuntu16.10", "Ubuntu16.04LTS", "Ubuntu15.10");
    private static final List<String> ARCHITECTURES = List.of("x64", "x86");
    private static final List<String> TEAMS = List.of("SF", "NYC", "LON", "CHI");
    private static final List<String> ENVIRONMENTS = List.of("production", "staging", "test");

    private final int hosts;
    private final long readings;
    private final long seed;
    private final Random random;
    private final double[][] walks;
    private long nextReading;

    DevopsData(int hosts, int hours, long seed) {
        if (hosts <= 0 || hours <= 0) {
            throw new IllegalArgumentException("hosts and hours must be positive: " + hosts + ", " + hours);
        }
        this.hosts = hosts;
        this.readings = readings(hosts, hours);
        this.seed = seed;
        this.random = new Random(seed);
        this.walks = new double[hosts][DevopsQueries.METRICS.size()];
        for (double[] walk : walks) {
            for (int metric = 0; metric < walk.length; metric++) {
                walk[metric] = random.nextDouble() * 100;
            }
        }
    }

    static long readings(int hosts, int hours) {
        return (long) hosts * hours * READINGS_PER_HOUR;
    }

    static String hostname(int host) {
        return "host_" + host;
    }

    /** Every host's tags as CSV, host 0 first, so that the SERIAL ids are the host numbers plus one; drawn apart from the readings. */
    String tagsCsv() {
        Random choices = new Random(~seed);
        StringBuilder csv = new StringBuilder();
        for (int host = 0; host < hosts; host++) {
            List<String> region = REGIONS.get(choices.nextInt(REGIONS.size()));
            String datacenter = region.get(1 + choices.nextInt(region.size() - 1));
            csv.append(String.join(",", hostname(host), region.get(0), datacenter, String.valueOf(choices.nextInt(100)),
                    pick(choices, OPERATING_SYSTEMS), pick(choices, ARCHITECTURES), pick(choices, TEAMS), String.valueOf(choices.nextInt(20)),
                    String.valueOf(choices.nextInt(2)), pick(choices, ENVIRONMENTS))).append('\n');
        }
        return csv.toString();
    }

    long readings() {
        return readings;
    }

    long readingsWritten() {
        return nextReading;
    }

    /** Appends up to {@code count} more readings as CSV, all hosts of one time before the next time; false once all are written. */
    boolean appendReadings(StringBuilder csv, int count) {
        long end = Math.min(readings, nextReading + count);
        String time = null;
        for (; nextReading < end; nextReading++) {
            int host = (int) (nextReading % hosts);
            if (host == 0 || time == null) {
                time = timeText(nextReading / hosts);
            }
            csv.append(time).append(',').append(host + 1).append(',').append(hostname(host));
            double[] walk = walks[host];
            for (int metric = 0; metric < walk.length; metric++) {
                walk[metric] = Math.clamp(walk[metric] + random.nextGaussian(), 0, 100);
                csv.append(',').append((long) walk[metric]);
            }
            csv.append('\n');
        }
        return nextReading < readings;
    }

    private static String pick(Random random, List<String> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    private static String timeText(long step) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(START.getEpochSecond() + step * READING_SECONDS, 0, ZoneOffset.UTC);
        return String.format("%tF %<tT+00", time);
    }
}
