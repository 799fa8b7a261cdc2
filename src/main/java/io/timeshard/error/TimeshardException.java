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
    private final String context;

    private TimeshardException(ErrorCode code, String sqlState, String message, String detail, String hint, String context,
                               Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
        this.sqlState = requireNonNull(sqlState, "sqlState is null");
        this.detail = detail;
        this.hint = hint;
        this.context = context;
    }

    public static TimeshardException of(ErrorCode code, String message) {
        return new TimeshardException(code, code.sqlState(), message, null, null, null, null);
    }

    public static TimeshardException of(ErrorCode code, String message, Throwable cause) {
        return new TimeshardException(code, code.sqlState(), message, null, null, null, cause);
    }

    /** An error whose SQLSTATE comes from PostgreSQL (a data node or the home database). */
    public static TimeshardException fromPostgres(String sqlState, String message, String detail, String hint, Throwable cause) {
        return new TimeshardException(ErrorCode.DATA_NODE_ERROR, sqlState == null ? ErrorCode.DATA_NODE_ERROR.sqlState() : sqlState,
                message, detail, hint, null, cause);
    }

    public TimeshardException withDetail(String newDetail) {
        return new TimeshardException(code, sqlState, getMessage(), newDetail, hint, context, getCause());
    }

    public TimeshardException withHint(String newHint) {
        return new TimeshardException(code, sqlState, getMessage(), detail, newHint, context, getCause());
    }

    /** The CONTEXT line(s): where the error happened, such as "COPY conditions, line 5". */
    public TimeshardException withContext(String newContext) {
        return new TimeshardException(code, sqlState, getMessage(), detail, hint, newContext, getCause());
    }

    public TimeshardException withMessage(String newMessage) {
        return new TimeshardException(code, sqlState, newMessage, detail, hint, context, getCause());
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

    public Optional<String> context() {
        return Optional.ofNullable(context);
    }
}
