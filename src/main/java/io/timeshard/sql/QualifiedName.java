package io.timeshard.sql;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A possibly schema-qualified relation name, with identifiers already case-folded. */
public record QualifiedName(Optional<String> schema, String name) {
    public QualifiedName {
        requireNonNull(schema, "schema is null");
        requireNonNull(name, "name is null");
    }

    static QualifiedName read(TokenCursor cursor) {
        String first = cursor.identifier();
        if (cursor.accept(SqlToken.Kind.DOT)) {
            return new QualifiedName(Optional.of(first), cursor.identifier());
        }
        return new QualifiedName(Optional.empty(), first);
    }

    @Override
    public String toString() {
        return schema.map(s -> SqlText.identifier(s) + ".").orElse("") + SqlText.identifier(name);
    }
}
