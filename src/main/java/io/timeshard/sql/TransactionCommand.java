package io.timeshard.sql;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A statement that ends a transaction or works on its savepoints. */
public record TransactionCommand(Kind kind, Optional<String> savepoint) {
    public enum Kind { COMMIT, ROLLBACK, SAVEPOINT, RELEASE, ROLLBACK_TO, PREPARE }

    public TransactionCommand {
        requireNonNull(kind, "kind is null");
        requireNonNull(savepoint, "savepoint is null");
    }

    private static final java.util.regex.Pattern LEADING_WORD = java.util.regex.Pattern.compile(
            "^\\s*(?i:commit|end|rollback|abort|savepoint|release|prepare)\\b");

    public static Optional<TransactionCommand> parse(String sql) {
        // Most statements are not transaction commands: tell by the first word before tokenizing them whole.
        if (!LEADING_WORD.matcher(sql).find()) {
            return Optional.empty();
        }
        List<SqlToken> tokens = SqlTokenizer.tokenize(sql);
        if (tokens.isEmpty()) {
            return Optional.empty();
        }
        TokenCursor cursor = new TokenCursor(tokens);
        if (cursor.acceptKeyword("commit") || cursor.acceptKeyword("end")) {
            return cursor.peekKeyword("prepared") ? Optional.empty() : Optional.of(new TransactionCommand(Kind.COMMIT, Optional.empty()));
        }
        if (cursor.acceptKeyword("rollback") || cursor.acceptKeyword("abort")) {
            if (cursor.peekKeyword("prepared")) {
                return Optional.empty();
            }
            if (!cursor.acceptKeyword("work")) {
                cursor.acceptKeyword("transaction");
            }
            if (cursor.acceptKeyword("to")) {
                cursor.acceptKeyword("savepoint");
                return Optional.of(new TransactionCommand(Kind.ROLLBACK_TO, Optional.of(cursor.identifier())));
            }
            return Optional.of(new TransactionCommand(Kind.ROLLBACK, Optional.empty()));
        }
        if (cursor.acceptKeyword("savepoint")) {
            return Optional.of(new TransactionCommand(Kind.SAVEPOINT, Optional.of(cursor.identifier())));
        }
        if (cursor.acceptKeyword("release")) {
            cursor.acceptKeyword("savepoint");
            return Optional.of(new TransactionCommand(Kind.RELEASE, Optional.of(cursor.identifier())));
        }
        if (cursor.acceptKeyword("prepare") && cursor.acceptKeyword("transaction")) {
            return Optional.of(new TransactionCommand(Kind.PREPARE, Optional.empty()));
        }
        return Optional.empty();
    }
}
