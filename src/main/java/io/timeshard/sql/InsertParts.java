package io.timeshard.sql;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.sql.SqlToken.Kind;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An INSERT into a hypertable cut into its parts, as text of the original statement:
 * {@code INSERT INTO target [AS alias] [(columns)] source [ON CONFLICT ...] [RETURNING ...]}.
 */
public record InsertParts(Optional<String> alias, Optional<String> columnList, List<String> columns, String source,
                          List<SqlToken> sourceTokens, Optional<String> onConflict, Optional<String> returning) {
    public InsertParts {
        requireNonNull(sourceTokens, "sourceTokens is null");
        requireNonNull(alias, "alias is null");
        requireNonNull(columnList, "columnList is null");
        columns = List.copyOf(columns);
        requireNonNull(source, "source is null");
        requireNonNull(onConflict, "onConflict is null");
        requireNonNull(returning, "returning is null");
    }

    public static InsertParts of(DistributedStatement statement) {
        List<SqlToken> tokens = statement.tokens();
        String sql = statement.sql();
        TokenCursor cursor = new TokenCursor(tokens);
        cursor.skipTo(statement.targetEnd() + 1);
        Optional<String> alias = Optional.empty();
        if (cursor.acceptKeyword("as")) {
            alias = Optional.of(cursor.identifier());
        }
        Optional<String> columnList = Optional.empty();
        List<String> columns = new java.util.ArrayList<>();
        if (cursor.peek(Kind.OPEN) && !startsQuery(tokens, cursor.index() + 1)) {
            int open = cursor.index();
            cursor.accept(Kind.OPEN);
            do {
                columns.add(cursor.identifier());
            } while (cursor.accept(Kind.COMMA));
            cursor.expect(Kind.CLOSE);
            columnList = Optional.of(sql.substring(tokens.get(open).start(), tokens.get(cursor.index() - 1).end()));
        }
        int sourceStart = cursor.index();
        int conflict = -1;
        int returning = -1;
        for (int i = sourceStart; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (token.depth() != 0) {
                continue;
            }
            if (conflict < 0 && returning < 0 && token.isKeyword("on") && i + 1 < tokens.size() && tokens.get(i + 1).isKeyword("conflict")) {
                conflict = i;
            } else if (returning < 0 && token.isKeyword("returning")) {
                returning = i;
            }
        }
        int sourceEnd = conflict >= 0 ? conflict : returning >= 0 ? returning : tokens.size();
        while (sourceEnd > sourceStart && tokens.get(sourceEnd - 1).kind() == Kind.SEMICOLON) {
            sourceEnd--;
        }
        if (sourceStart >= sourceEnd) {
            throw TimeshardException.of(ErrorCode.SYNTAX_ERROR, "syntax error at end of input");
        }
        String source = text(sql, tokens, sourceStart, sourceEnd);
        Optional<String> onConflict = conflict < 0 ? Optional.empty()
                : Optional.of(text(sql, tokens, conflict, returning >= 0 ? returning : tokens.size()));
        Optional<String> returningText = returning < 0 ? Optional.empty() : Optional.of(text(sql, tokens, returning, tokens.size()));
        return new InsertParts(alias, columnList, columns, source, tokens.subList(sourceStart, sourceEnd), onConflict, returningText);
    }

    private static boolean startsQuery(List<SqlToken> tokens, int index) {
        return index < tokens.size() && (tokens.get(index).isKeyword("select") || tokens.get(index).isKeyword("values")
                || tokens.get(index).isKeyword("with") || tokens.get(index).kind() == Kind.OPEN);
    }

    private static String text(String sql, List<SqlToken> tokens, int from, int to) {
        int end = to;
        while (end > from && tokens.get(end - 1).kind() == Kind.SEMICOLON) {
            end--;
        }
        return sql.substring(tokens.get(from).start(), tokens.get(end - 1).end());
    }
}
