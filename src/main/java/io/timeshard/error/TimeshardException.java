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
    private final String detail;
    private final String hint;

    private TimeshardException(ErrorCode code, String sqlState, String message, String detail, String hint, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
        this.sqlState = requireNonNull(sqlState, "sqlState is null");
        this.detail = detail;
        this.hint = hint;
    }

    public static TimeshardException of(ErrorCode code, String message) {
        return new TimeshardException(code, code.sqlState(), message, null, null, null);
    }

    public static TimeshardException of(ErrorCode code, String message, Throwable cause) {
        return new TimeshardException(code, code.sqlState(), message, null, null, cause);
    }

    /** An error whose SQLSTATE comes from PostgreSQL (a data node or the home database). */
    public static TimeshardException fromPostgres(String sqlState, String message, String detail, String hint, Throwable cause) {
        return new TimeshardException(ErrorCode.DATA_NODE_ERROR, sqlState == null ? ErrorCode.DATA_NODE_ERROR.sqlState() : sqlState,
                message, detail, hint, cause);
    }

    public TimeshardException withDetail(String newDetail) {
        return new TimeshardException(code, sqlState, getMessage(), newDetail, hint, getCause());
    }

    public TimeshardException withHint(String newHint) {
        return new TimeshardException(code, sqlState, getMessage(), detail, newHint, getCause());
    }

    public ErrorCode code() {
        return code;
    }

    public String sqlState() {
        return sqlState;
    }

    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }

    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }
}
