package io.timeshard.bench;

import static java.util.Objects.requireNonNull;

/** Multi-row INSERT statements carrying workload rows as literal VALUES lists, the way a batching client writes them. */
public final class InsertStatements {
    public static final int ROWS_PER_STATEMENT = 1000;

    private final String insertInto;
    private final WorkloadRows workload = new WorkloadRows();
    private final AsciiBuffer text = new AsciiBuffer(64 * 1024);

    public InsertStatements(WorkloadTable table) {
        this.insertInto = requireNonNull(table, "table is null").insertInto();
    }

    /** One INSERT of rows {@code from} (inclusive) to {@code to} (exclusive). */
    public String rows(long from, long to) {
        if (from < 0 || to <= from) {
            throw new IllegalArgumentException("not a non-empty row range: [" + from + ", " + to + ")");
        }
        text.clear();
        text.append(insertInto);
        for (long row = from; row < to; row++) {
            if (row > from) {
                text.append(',');
            }
            workload.appendSqlTuple(row, text);
        }
        return text.toString();
    }
}
