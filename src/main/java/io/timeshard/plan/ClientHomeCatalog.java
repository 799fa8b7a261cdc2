package io.timeshard.plan;

import io.timeshard.home.HomeConnection;
import io.timeshard.protocol.PayloadReader;
import io.timeshard.protocol.PgMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The planner's view of the home database through the client's own session, so that queries are
 * described with its search_path, temporary tables and transaction; catalog facts come from
 * {@link HomeFacts}. Remembers the RowDescription of the first statement it described. Statements
 * of a shape already described are answered from {@link ShapeDescriptions}.
 */
final class ClientHomeCatalog implements HomeCatalog {
    private final HomeConnection home;
    private final HomeFacts facts;
    private final ShapeDescriptions descriptions;
    private boolean described;
    private Optional<PgMessage> firstRowDescription = Optional.empty();

    ClientHomeCatalog(HomeConnection home, HomeFacts facts, ShapeDescriptions descriptions) {
        this.home = home;
        this.facts = facts;
        this.descriptions = descriptions;
    }

    @Override
    public Description describe(String sql, List<Integer> parameterTypes) {
        HomeConnection.StatementDescription description = descriptions.describe(sql, parameterTypes, home.encoding().name(),
                () -> home.describeStatement(sql, parameterTypes));
        if (!described) {
            firstRowDescription = description.rows();
            described = true;
        }
        return new Description(description.rows().map(this::columns).orElse(List.of()), description.parameterTypes());
    }

    /** The RowDescription of the first statement described, the query itself. */
    Optional<PgMessage> firstRowDescription() {
        return firstRowDescription;
    }

    private List<Column> columns(PgMessage rowDescription) {
        PayloadReader reader = rowDescription.reader(home.encoding());
        int count = reader.readCount16();
        List<Column> columns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = reader.readCString();
            reader.readInt32();
            reader.readInt16();
            int type = reader.readInt32();
            reader.readInt16();
            int typmod = reader.readInt32();
            reader.readInt16();
            columns.add(new Column(name, type, typmod));
        }
        return columns;
    }

    @Override
    public FunctionKind function(String name) {
        return facts.function(name);
    }

    @Override
    public String typeName(int oid, int typmod) {
        return facts.typeName(oid, typmod);
    }

    @Override
    public boolean textSortsByBytes() {
        return facts.textSortsByBytes();
    }
}
