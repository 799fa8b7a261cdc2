package io.timeshard.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.timeshard.catalog.Catalog;
import io.timeshard.catalog.DataNode;
import io.timeshard.catalog.Hypertable;
import io.timeshard.catalog.Hypertable.SpaceDimension;
import io.timeshard.catalog.Hypertable.TimeDimension;
import io.timeshard.catalog.HypertableCatalog;
import io.timeshard.catalog.HypertableCatalog.NewHypertable;
import io.timeshard.catalog.HypertableRegistry;
import io.timeshard.catalog.RootTable;
import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.partition.SpaceType;
import io.timeshard.partition.TimeType;
import io.timeshard.sql.QualifiedName;
import io.timeshard.sql.SqlText;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** create_distributed_hypertable (and create_hypertable with replication): the TimescaleDB semantics. */
final class HypertableCreation implements TimeshardFunction {
    private static final long DEFAULT_INTERVAL_MICROS = 7L * 24 * 3600 * 1_000_000;

    private final Catalog catalog;
    private final HypertableCatalog hypertables;
    private final HypertableRegistry registry;

    HypertableCreation(Catalog catalog, HypertableCatalog hypertables, HypertableRegistry registry) {
        this.catalog = catalog;
        this.hypertables = hypertables;
        this.registry = registry;
    }

    @Override
    public String name() {
        return "create_distributed_hypertable";
    }

    @Override
    public JsonNode invoke(CapturedCall call, CallContext context) {
        String relation = call.requiredText("relation");
        RootTable root = readRoot(context, relation);
        Optional<Hypertable> existing = registry.find(new QualifiedName(Optional.of(root.schemaName()), root.tableName()));
        if (existing.isPresent()) {
            if (call.flag("if_not_exists", false)) {
                return result(existing.get(), false);
            }
            throw TimeshardException.fromPostgres("TS110", "table \"" + root.tableName() + "\" is already a hypertable", null, null, null);
        }
        rejectUnsupported(call);
        TimeDimension time = timeDimension(call, root);
        List<String> nodes = dataNodes(call);
        int replicationFactor = call.integer("replication_factor").orElse(1);
        requireReplicationFactor(root.tableName(), replicationFactor, nodes.size());
        Optional<SpaceDimension> space = spaceDimension(call, root, nodes.size());
        requireEmpty(context, root, call.flag("migrate_data", false));
        String qualified = SqlText.qualified(root.schemaName(), root.tableName());
        context.home().query("ALTER TABLE " + qualified + " ALTER COLUMN " + SqlText.identifier(time.column()) + " SET NOT NULL");
        context.home().query("CREATE TRIGGER _timeshard_root_guard BEFORE INSERT OR UPDATE OR DELETE ON " + qualified
                + " FOR EACH STATEMENT EXECUTE FUNCTION _timeshard_catalog.refuse_root_write()");
        if (call.flag("create_default_indexes", true)) {
            createIndexUnlessPresent(context, root, qualified, "(" + SqlText.identifier(time.column()) + " DESC)");
            space.ifPresent(dimension -> createIndexUnlessPresent(context, root, qualified,
                    "(" + SqlText.identifier(dimension.column()) + ", " + SqlText.identifier(time.column()) + " DESC)"));
        }
        RootTable indexed = readRoot(context, relation);
        Hypertable created = hypertables.insert(new NewHypertable(root.schemaName(), root.tableName(),
                call.text("associated_schema_name"), call.text("associated_table_prefix"), replicationFactor, time, space, nodes,
                indexed.syncedColumns(), indexed.indexes()));
        registry.refresh();
        return result(created, true);
    }

    /** A replication factor must lie between 1 and the number of attached data nodes. */
    static void requireReplicationFactor(String tableName, int factor, int nodes) {
        if (factor < 1 || factor > nodes) {
            throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE, factor < 1 ? "invalid replication factor"
                    : "replication factor too large for hypertable \"" + tableName + "\"")
                    .withDetail("The hypertable has " + nodes + " data nodes attached, while the replication factor is " + factor + ".")
                    .withHint("Decrease the replication factor or attach more data nodes to the hypertable.");
        }
    }

    static RootTable readRoot(CallContext context, String relation) {
        return RootTable.fromRows(context.home().query(RootTable.QUERY, relation))
                .orElseThrow(() -> TimeshardException.of(ErrorCode.UNDEFINED_OBJECT, "relation " + relation + " does not exist"));
    }

    private static void rejectUnsupported(CapturedCall call) {
        for (String argument : List.of("partitioning_func", "time_partitioning_func")) {
            if (call.text(argument).isPresent()) {
                throw TimeshardException.of(ErrorCode.FEATURE_NOT_SUPPORTED, argument + " is not supported by timeshard");
            }
        }
    }

    private static TimeDimension timeDimension(CapturedCall call, RootTable root) {
        String column = call.requiredText("time_column_name");
        RootTable.Column definition = root.column(column).orElseThrow(() -> TimeshardException.fromPostgres("42703",
                "column \"" + column + "\" does not exist", null, null, null));
        TimeType type = TimeType.fromTypeName(definition.type()).orElseThrow(() -> TimeshardException.of(
                ErrorCode.INVALID_PARAMETER_VALUE, "invalid type for dimension \"" + column + "\"")
                .withHint("Use an integer, timestamp, or date type."));
        Optional<Long> interval = call.text("chunk_time_interval").map(Long::valueOf);
        boolean givenAsInterval = call.text("chunk_time_interval_type").map("interval"::equals).orElse(false);
        if (type.isInteger() && (interval.isEmpty() || givenAsInterval)) {
            throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE, interval.isEmpty()
                    ? "integer dimensions require an explicit interval" : "invalid interval type for " + definition.type() + " dimension")
                    .withHint("Use an integer chunk_time_interval for an integer time column.");
        }
        long length = interval.orElse(DEFAULT_INTERVAL_MICROS);
        if (length <= 0) {
            throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE, "invalid interval: must be between 1 and 9223372036854775807");
        }
        return new TimeDimension(column, definition.type(), length);
    }

    private List<String> dataNodes(CapturedCall call) {
        List<String> all = catalog.dataNodes().stream().filter(DataNode::available).map(DataNode::name).toList();
        JsonNode requested = call.arguments().get("data_nodes");
        List<String> nodes = new ArrayList<>();
        if (requested == null || requested.isNull()) {
            nodes.addAll(all);
        } else {
            for (JsonNode node : requested) {
                String name = node.asText();
                catalog.requireDataNode(name);
                if (!nodes.contains(name)) {
                    nodes.add(name);
                }
            }
        }
        if (nodes.isEmpty()) {
            throw TimeshardException.of(ErrorCode.OBJECT_NOT_IN_PREREQUISITE_STATE, "no data nodes can be assigned to the hypertable")
                    .withHint("Add data nodes using the add_data_node() function.");
        }
        return nodes;
    }

    private static Optional<SpaceDimension> spaceDimension(CapturedCall call, RootTable root, int nodeCount) {
        Optional<String> column = call.text("partitioning_column");
        if (column.isEmpty()) {
            if (call.integer("number_partitions").isPresent()) {
                throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE, "invalid number of partitions: needs a partitioning column");
            }
            return Optional.empty();
        }
        RootTable.Column definition = root.column(column.get()).orElseThrow(() -> TimeshardException.fromPostgres("42703",
                "column \"" + column.get() + "\" does not exist", null, null, null));
        SpaceType.fromTypeName(definition.type()).orElseThrow(() -> TimeshardException.of(ErrorCode.FEATURE_NOT_SUPPORTED,
                "space partitioning on a column of type " + definition.type() + " is not supported")
                .withHint("Partition by a text, varchar, smallint, integer, bigint or uuid column."));
        int partitions = call.integer("number_partitions").orElse(nodeCount);
        if (partitions < 1 || partitions > 32767) {
            throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE, "invalid number of partitions: must be between 1 and 32767");
        }
        return Optional.of(new SpaceDimension(column.get(), definition.type(), partitions));
    }

    private static void requireEmpty(CallContext context, RootTable root, boolean migrateData) {
        boolean hasRows = context.home().query("SELECT EXISTS (SELECT 1 FROM ONLY "
                + SqlText.qualified(root.schemaName(), root.tableName()) + ")").get(0).get(0).equals("t");
        if (!hasRows) {
            return;
        }
        if (migrateData) {
            throw TimeshardException.of(ErrorCode.FEATURE_NOT_SUPPORTED, "migrate_data is not supported for distributed hypertables")
                    .withHint("Create the hypertable empty, then INSERT ... SELECT the rows into it.");
        }
        throw TimeshardException.fromPostgres("TS102", "table \"" + root.tableName() + "\" is not empty", null,
                "You can migrate data by specifying 'migrate_data => true' when calling this function.", null);
    }

    private static void createIndexUnlessPresent(CallContext context, RootTable root, String qualified, String columns) {
        String wanted = withoutNeedlessQuotes("btree " + columns);
        boolean present = root.indexes().stream().anyMatch(index -> withoutNeedlessQuotes(index.definition()).equals(wanted));
        if (!present) {
            context.home().query("CREATE INDEX ON " + qualified + " " + columns);
        }
    }

    /** PostgreSQL quotes a plain name in an index definition only when it is a keyword ("time"); we quote every name. */
    private static String withoutNeedlessQuotes(String definition) {
        return definition.replaceAll("\"([a-z_][a-z0-9_$]*)\"", "$1");
    }

    private static JsonNode result(Hypertable hypertable, boolean created) {
        return JsonNodeFactory.instance.arrayNode().add(JsonNodeFactory.instance.objectNode()
                .put("hypertable_id", hypertable.id()).put("schema_name", hypertable.schemaName())
                .put("table_name", hypertable.tableName()).put("created", created));
    }
}
