package io.timeshard.catalog;

import io.timeshard.sql.QualifiedName;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The distributed hypertables, cached for classifying every statement; reloaded whenever this
 * access node changes them. Names without a schema match "public" first, then any schema. The
 * names of root-table indexes lead to their hypertable too, so that DROP INDEX reaches the chunks.
 */
public final class HypertableRegistry {
    private final HypertableCatalog catalog;
    private volatile List<Hypertable> hypertables;
    private volatile Map<String, Integer> indexOwners;
    private volatile long generation;

    public HypertableRegistry(HypertableCatalog catalog) {
        this.catalog = catalog;
        refresh();
    }

    public void refresh() {
        hypertables = catalog.hypertables();
        indexOwners = catalog.indexOwners();
        generation++;
    }

    /** Changes whenever a hypertable changes through this access node; sessions drop what they cached then. */
    public long generation() {
        return generation;
    }

    public List<Hypertable> all() {
        return hypertables;
    }

    /** The hypertable a name denotes: its own name, or the name of one of its indexes. */
    public Optional<Hypertable> find(QualifiedName name) {
        Optional<Hypertable> table = findTable(name);
        if (table.isPresent()) {
            return table;
        }
        Integer owner = indexOwners.get(name.name());
        return owner == null ? Optional.empty() : byId(owner)
                .filter(hypertable -> name.schema().map(hypertable.schemaName()::equals).orElse(true));
    }

    private Optional<Hypertable> findTable(QualifiedName name) {
        List<Hypertable> current = hypertables;
        if (name.schema().isPresent()) {
            return current.stream().filter(table -> table.schemaName().equals(name.schema().get()) && table.tableName().equals(name.name()))
                    .findFirst();
        }
        return current.stream().filter(table -> table.tableName().equals(name.name()))
                .min((left, right) -> Boolean.compare(!left.schemaName().equals("public"), !right.schemaName().equals("public")));
    }

    public boolean isHypertable(QualifiedName name) {
        return findTable(name).isPresent();
    }

    public boolean isHypertableIndex(QualifiedName name) {
        return findTable(name).isEmpty() && find(name).isPresent();
    }

    public Optional<Hypertable> byId(int id) {
        return hypertables.stream().filter(table -> table.id() == id).findFirst();
    }
}
