package io.timeshard.error;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The one exception type timeshard raises. It carries the SQLSTATE to report;
 * errors relayed from PostgreSQL keep their own SQLSTATE through {@link #sqlState()}.
 */
public final class TimeshardException extends RuntimeException {
    private final ErrorCode code;
    private final String sqlState;
    private final Report report;

    /** What the error says: PostgreSQL's message, detail, hint and context fields. */
    private record Report(String message, String detail, String hint, String context) {
        Report {
            requireNonNull(message, "message is null");
        }

        static Report of(String message, String detail, String hint) {
            return new Report(message, detail, hint, null);
        }
    }

    private TimeshardException(ErrorCode code, String sqlState, Report report, Throwable cause) {
        super(report.message(), cause);
        this.code = requireNonNull(code, "code is null");
        this.sqlState = requireNonNull(sqlState, "sqlState is null");
        this.report = report;
    }

    public static TimeshardException of(ErrorCode code, String message) {
        return of(code, message, null);
    }

    public static TimeshardException of(ErrorCode code, String message, Throwable cause) {
        return new TimeshardException(code, code.sqlState(), Report.of(message, null, null), cause);
    }

    /** An error whose SQLSTATE comes from PostgreSQL (a data node or the home database). */
    public static TimeshardException fromPostgres(String sqlState, String message, String detail, String hint, Throwable cause) {
        return new TimeshardException(ErrorCode.DATA_NODE_ERROR, sqlState == null ? ErrorCode.DATA_NODE_ERROR.sqlState() : sqlState,
                Report.of(message, detail, hint), cause);
    }

    public TimeshardException withDetail(String newDetail) {
        return with(new Report(report.message(), newDetail, report.hint(), report.context()));
    }

    public TimeshardException withHint(String newHint) {
        return with(new Report(report.message(), report.detail(), newHint, report.context()));
    }

    /** The CONTEXT line(s): where the error happened, such as "COPY conditions, line 5". */
    public TimeshardException withContext(String newContext) {
        return with(new Report(report.message(), report.detail(), report.hint(), newContext));
    }

    public TimeshardException withMessage(String newMessage) {
        return with(new Report(newMessage, report.detail(), report.hint(), report.context()));
    }

    private TimeshardException with(Report newReport) {
        return new TimeshardException(code, sqlState, newReport, getCause());
    }

    public ErrorCode code() {
        return code;
    }

    public String sqlState() {
        return sqlState;
    }

    public Optional<String> detail() {
        return Optional.ofNullable(report.detail());
    }

    public Optional<String> hint() {
        return Optional.ofNullable(report.hint());
    }

    public Optional<String> context() {
        return Optional.ofNullable(report.context());
    }
}
