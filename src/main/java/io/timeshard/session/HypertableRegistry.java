package io.timeshard.session;

import io.timeshard.catalog.Hypertable;
import io.timeshard.catalog.HypertableCatalog;
import io.timeshard.sql.QualifiedName;

import java.util.List;
import java.util.Optional;

/**
 * The distributed hypertables, cached for classifying every statement; reloaded whenever this
 * access node changes them. Names without a schema match "public" first, then any schema.
 */
public final class HypertableRegistry {
    private final HypertableCatalog catalog;
    private volatile List<Hypertable> hypertables;

    public HypertableRegistry(HypertableCatalog catalog) {
        this.catalog = catalog;
        this.hypertables = catalog.hypertables();
    }

    public void refresh() {
        hypertables = catalog.hypertables();
    }

    public List<Hypertable> all() {
        return hypertables;
    }

    public Optional<Hypertable> find(QualifiedName name) {
        List<Hypertable> current = hypertables;
        if (name.schema().isPresent()) {
            return current.stream().filter(table -> table.schemaName().equals(name.schema().get()) && table.tableName().equals(name.name()))
                    .findFirst();
        }
        return current.stream().filter(table -> table.tableName().equals(name.name()))
                .min((left, right) -> Boolean.compare(!left.schemaName().equals("public"), !right.schemaName().equals("public")));
    }

    public boolean isHypertable(QualifiedName name) {
        return find(name).isPresent();
    }

    public Optional<Hypertable> byId(int id) {
        return hypertables.stream().filter(table -> table.id() == id).findFirst();
    }
}
