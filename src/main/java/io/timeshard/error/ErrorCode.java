package io.timeshard.error;

import static java.util.Objects.requireNonNull;

/** Every error timeshard raises itself, with its SQLSTATE and category. */
public enum ErrorCode {
    PROTOCOL_VIOLATION("08P01", Category.USER),
    CONNECTION_FAILURE("08006", Category.EXTERNAL),
    SQLCLIENT_UNABLE_TO_ESTABLISH_CONNECTION("08001", Category.EXTERNAL),
    FEATURE_NOT_SUPPORTED("0A000", Category.USER),
    NUMERIC_VALUE_OUT_OF_RANGE("22003", Category.USER),
    INVALID_DATETIME_FORMAT("22007", Category.USER),
    DATETIME_FIELD_OVERFLOW("22008", Category.USER),
    INVALID_PARAMETER_VALUE("22023", Category.USER),
    CHARACTER_NOT_IN_REPERTOIRE("22021", Category.USER),
    INVALID_TEXT_REPRESENTATION("22P02", Category.USER),
    BAD_COPY_FILE_FORMAT("22P04", Category.USER),
    UNTRANSLATABLE_CHARACTER("22P05", Category.USER),
    NOT_NULL_VIOLATION("23502", Category.USER),
    ACTIVE_SQL_TRANSACTION("25001", Category.USER),
    SERIALIZATION_FAILURE("40001", Category.USER),
    INVALID_CATALOG_NAME("3D000", Category.USER),
    INVALID_AUTHORIZATION_SPECIFICATION("28000", Category.USER),
    INVALID_PASSWORD("28P01", Category.USER),
    TOO_MANY_CONNECTIONS("53300", Category.RESOURCE),
    SYNTAX_ERROR("42601", Category.USER),
    UNDEFINED_OBJECT("42704", Category.USER),
    DUPLICATE_OBJECT("42710", Category.USER),
    OBJECT_IN_USE("55006", Category.USER),
    DEPENDENT_OBJECTS_STILL_EXIST("2BP01", Category.USER),
    OBJECT_NOT_IN_PREREQUISITE_STATE("55000", Category.USER),
    QUERY_CANCELED("57014", Category.USER),
    ADMIN_SHUTDOWN("57P01", Category.RESOURCE),
    PROGRAM_LIMIT_EXCEEDED("54000", Category.RESOURCE),
    DATA_NODE_ERROR("XX000", Category.EXTERNAL),
    INTERNAL_ERROR("XX000", Category.INTERNAL);

    /** Who is at fault: tells logging what deserves a stack trace. */
    public enum Category { USER, RESOURCE, EXTERNAL, INTERNAL }

    private final String sqlState;
    private final Category category;

    ErrorCode(String sqlState, Category category) {
        this.sqlState = requireNonNull(sqlState, "sqlState is null");
        this.category = requireNonNull(category, "category is null");
    }

    public String sqlState() {
        return sqlState;
    }

    public Category category() {
        return category;
    }
}
