package io.timeshard.bench;

/**
 * The query types of TSBS's devops use case that read only the {@code cpu} table, by TSBS's names:
 * single-groupby-M-H-T is M metrics of H hosts over T hours by minute, cpu-max-all-H all ten metrics
 * of H hosts over 8 hours by hour, double-groupby-M M metrics of every host over 12 hours by hour.
 */
public enum DevopsQueryType {
    SINGLE_GROUPBY_1_1_1("single-groupby-1-1-1"),
    SINGLE_GROUPBY_1_1_12("single-groupby-1-1-12"),
    SINGLE_GROUPBY_1_8_1("single-groupby-1-8-1"),
    SINGLE_GROUPBY_5_1_1("single-groupby-5-1-1"),
    SINGLE_GROUPBY_5_1_12("single-groupby-5-1-12"),
    SINGLE_GROUPBY_5_8_1("single-groupby-5-8-1"),
    CPU_MAX_ALL_1("cpu-max-all-1"),
    CPU_MAX_ALL_8("cpu-max-all-8"),
    DOUBLE_GROUPBY_1("double-groupby-1"),
    DOUBLE_GROUPBY_5("double-groupby-5"),
    DOUBLE_GROUPBY_ALL("double-groupby-all"),
    GROUPBY_ORDERBY_LIMIT("groupby-orderby-limit"),
    HIGH_CPU_1("high-cpu-1"),
    HIGH_CPU_ALL("high-cpu-all"),
    LASTPOINT("lastpoint");

    private final String label;

    DevopsQueryType(String label) {
        this.label = label;
    }

    /** TSBS's name of the query type, e.g. {@code single-groupby-1-1-1}. */
    public String label() {
        return label;
    }
}
