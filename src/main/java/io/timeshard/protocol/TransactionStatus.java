package io.timeshard.protocol;

/** The transaction status that ReadyForQuery reports. */
public enum TransactionStatus {
    IDLE('I'), IN_TRANSACTION('T'), FAILED('E');

    private final char code;

    TransactionStatus(char code) {
        this.code = code;
    }

    public char code() {
        return code;
    }

    public static TransactionStatus fromCode(int code) {
        return switch (code) {
            case 'I' -> IDLE;
            case 'T' -> IN_TRANSACTION;
            case 'E' -> FAILED;
            default -> throw new IllegalArgumentException("unknown transaction status " + (char) code);
        };
    }
}
