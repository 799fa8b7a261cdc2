package io.timeshard.sql;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.sql.SqlToken.Kind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A {@code COPY table [(columns)] FROM STDIN [options]} statement, in both the parenthesised
 * option syntax and the older keyword syntax. Options are kept as PostgreSQL names them, in lower case.
 */
public record CopyStatement(QualifiedName table, List<String> columns, boolean fromStdin, Map<String, String> options) {
    public CopyStatement {
        requireNonNull(table, "table is null");
        columns = List.copyOf(columns);
        options = Map.copyOf(options);
    }

    /** Parses a COPY statement; empty when it is not {@code COPY <table> ... FROM ...} (e.g. COPY (query) TO). */
    public static Optional<CopyStatement> parse(String sql) {
        TokenCursor cursor = new TokenCursor(SqlTokenizer.tokenize(sql));
        if (!cursor.acceptKeyword("copy") || !cursor.peekIdentifier()) {
            return Optional.empty();
        }
        QualifiedName table = QualifiedName.read(cursor);
        List<String> columns = new ArrayList<>();
        if (cursor.accept(Kind.OPEN)) {
            do {
                columns.add(cursor.identifier());
            } while (cursor.accept(Kind.COMMA));
            cursor.expect(Kind.CLOSE);
        }
        if (!cursor.acceptKeyword("from")) {
            return Optional.empty();
        }
        boolean stdin = cursor.acceptKeyword("stdin");
        if (!stdin) {
            return Optional.of(new CopyStatement(table, columns, false, Map.of()));
        }
        Map<String, String> options = new LinkedHashMap<>();
        cursor.acceptKeyword("with");
        if (cursor.accept(Kind.OPEN)) {
            do {
                String name = cursor.word().toLowerCase(Locale.ROOT);
                String value = cursor.peek(Kind.COMMA) || cursor.peek(Kind.CLOSE) ? "true" : cursor.optionValue();
                options.put(name, value);
            } while (cursor.accept(Kind.COMMA));
            cursor.expect(Kind.CLOSE);
        } else {
            readLegacyOptions(cursor, options);
        }
        if (cursor.acceptKeyword("where")) {
            throw TimeshardException.of(ErrorCode.FEATURE_NOT_SUPPORTED, "COPY FROM with WHERE is not supported on distributed hypertables");
        }
        cursor.expectEnd();
        return Optional.of(new CopyStatement(table, columns, true, options));
    }

    private static void readLegacyOptions(TokenCursor cursor, Map<String, String> options) {
        while (!cursor.atEnd()) {
            String word = cursor.word().toLowerCase(Locale.ROOT);
            switch (word) {
                case "binary" -> options.put("format", "binary");
                case "csv" -> options.put("format", "csv");
                case "header" -> options.put("header", "true");
                case "delimiter", "null", "quote", "escape", "encoding" -> {
                    cursor.acceptKeyword("as");
                    options.put(word, cursor.optionValue());
                }
                case "force" -> throw TimeshardException.of(ErrorCode.FEATURE_NOT_SUPPORTED,
                        "COPY FORCE options are not supported on distributed hypertables");
                default -> throw TimeshardException.of(ErrorCode.SYNTAX_ERROR, "syntax error at or near \"" + word + "\"");
            }
        }
    }

    public String format() {
        return options.getOrDefault("format", "text").toLowerCase(Locale.ROOT);
    }
}
