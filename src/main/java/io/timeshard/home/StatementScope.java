package io.timeshard.home;

import io.timeshard.catalog.Hypertable;
import io.timeshard.catalog.RootTable;
import io.timeshard.cluster.ChunkExclusion;
import io.timeshard.cluster.ClientSettings;
import io.timeshard.cluster.ClusterServices;
import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.partition.TimeType;
import io.timeshard.partition.TimeValues;
import io.timeshard.protocol.ClientChannel;
import io.timeshard.protocol.ErrorFields;
import io.timeshard.protocol.PayloadReader;
import io.timeshard.protocol.PgMessage;
import io.timeshard.protocol.StatementRequest;
import io.timeshard.protocol.TransactionStatus;
import io.timeshard.sql.DistributedStatement;
import io.timeshard.sql.PrivilegeProbe;
import io.timeshard.sql.SqlToken;
import io.timeshard.sql.SqlTokenizer;
import io.timeshard.sql.SqlText;
import io.timeshard.txn.DistributedTransaction;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

/** Everything a distributed statement's handler works with. */
public record StatementScope(DistributedStatement statement, StatementRequest request, Hypertable hypertable, HomeConnection home,
                      ClientChannel client, DistributedTransaction remote, ClusterServices services, RootTables roots) {

    /** The root table as the client's own session sees it (inside its transaction). */
    public RootTable root() {
        return root(hypertable);
    }

    public RootTable root(Hypertable table) {
        // A new privilege epoch may stand for row security turned on (RootTable.rowSecurity).
        return roots.get(table, services.registry().generation(), services.privilegeEpoch().current(), () -> read(table));
    }

    private RootTable read(Hypertable table) {
        return RootTable.fromRows(home.own(() -> home.query(RootTable.QUERY, SqlText.qualified(table.schemaName(), table.tableName()))))
                .orElseThrow(() -> TimeshardException.fromPostgres("42P01", "relation \"" + table.tableName() + "\" does not exist",
                        null, null, null));
    }

    /**
     * Fails as PostgreSQL would when the session's current role may not run this statement on the
     * hypertables it names; {@code columns}: the root table's, asked for by a COPY without a column list.
     * Every path that does not run the client's statement at home as written calls it first.
     */
    public void requirePrivileges(Supplier<List<String>> columns) {
        startPrivilegeCheck(columns).require();
    }

    /**
     * {@link #requirePrivileges}, with the home round trip overlapping what the caller does before
     * {@link PrivilegeCheck#require}; none at all when the session passed the same check (its probe
     * alike but for literal values) and nothing changed since ({@link PrivilegeChecks}).
     */
    public PrivilegeCheck startPrivilegeCheck(Supplier<List<String>> columns) {
        String probe = PrivilegeProbe.of(statement, services.registry()::isHypertable, columns);
        List<SqlToken> tokens = SqlTokenizer.tokenize(probe);
        String shape = request.parameterTypes() + PrivilegeProbe.shape(tokens);
        PrivilegeChecks checks = home.privilegeChecks();
        long epoch = services.privilegeEpoch().current();
        if (checks.hasPassed(shape, epoch)) {
            return PrivilegeCheck.PASSED;
        }
        PrivilegeChecks.Stamp stamp = checks.stamp(epoch);
        boolean parameterized = tokens.stream().anyMatch(token -> token.kind() == SqlToken.Kind.PARAMETER);
        HomeConnection.Answer answer = home.own(() -> home.begin(parameterized ? new BoundStatement(probe, request.parameterTypes(),
                request.parameterFormats(), request.parameters()) : new BoundStatement(probe, List.of(), List.of(), List.of())));
        return new PrivilegeCheck(answer, () -> checks.recordPassed(shape, stamp, services.privilegeEpoch().current()));
    }

    /** A privilege check under way; {@link #require} must come before anything reaches the client. */
    public static final class PrivilegeCheck {
        static final PrivilegeCheck PASSED = new PrivilegeCheck(null, () -> { });

        private final HomeConnection.Answer answer;
        private final Runnable onPass;

        private PrivilegeCheck(HomeConnection.Answer answer, Runnable onPass) {
            this.answer = answer;
            this.onPass = onPass;
        }

        public void require() {
            if (answer == null) {
                return;
            }
            HomeConnection.Outcome outcome = answer.outcome();
            if (outcome.error() != null) {
                throw HomeConnection.toException(outcome.error());
            }
            onPass.run();
        }
    }

    /** True when row-level security filters what the session's current role sees of this root table. */
    public boolean rowSecurityActive(RootTable table) {
        return table.rowSecurity() && "true".equals(home.own(() -> home.query("SELECT row_security_active($1::regclass)::text",
                SqlText.qualified(table.schemaName(), table.tableName()))).get(0).get(0));
    }

    public ClientSettings settings() {
        return ClientSettings.from(home.settings());
    }

    /** The session's time zone when Java knows it; null sends zone-less time values to PostgreSQL. */
    public ZoneId zone() {
        try {
            return ZoneId.of(home.parameters().getOrDefault("TimeZone", "UTC"));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** PostgreSQL's own reading of a time value of this hypertable, in internal time units. */
    public long parseTimeInPostgres(String text) {
        TimeType type = TimeType.fromTypeName(hypertable.time().type()).orElseThrow();
        String sql = type.isInteger() ? "SELECT $1::" + hypertable.time().type() + "::bigint"
                : "SELECT (extract(epoch FROM $1::" + hypertable.time().type() + ") * 1000000)::bigint";
        HomeConnection.Outcome outcome = home.own(() -> home.execute(sql, List.of(), List.of(),
                Collections.singletonList(home.encoding().encode(text))));
        if (outcome.error() != null) {
            throw HomeConnection.toException(outcome.error());
        }
        String value = outcome.rows().get(0).get(0);
        if (value == null) {
            throw TimeshardException.of(ErrorCode.NOT_NULL_VIOLATION, "null value in column \"" + hypertable.time().column()
                    + "\" of relation \"" + hypertable.tableName() + "\" violates not-null constraint");
        }
        return Long.parseLong(value);
    }

    /** PostgreSQL's binary value for a text value of a type, read with the client's settings. */
    public byte[] binaryInPostgres(String text, String typeName) {
        byte[][] value = new byte[1][];
        HomeConnection.Outcome outcome = home.own(() -> home.stream(new BoundStatement("SELECT $1::" + typeName, List.of(), List.of(),
                Collections.singletonList(home.encoding().encode(text))), (short) 1,
                row -> value[0] = row.reader().readCount16() == 1 ? readValue(row) : null));
        if (outcome.error() != null) {
            throw HomeConnection.toException(outcome.error());
        }
        return value[0];
    }

    private static byte[] readValue(PgMessage row) {
        PayloadReader reader = row.reader();
        reader.readCount16();
        return reader.readNullableBytes();
    }

    public Set<String> dimensionColumns() {
        Set<String> columns = new HashSet<>(List.of(hypertable.time().column()));
        hypertable.space().ifPresent(space -> columns.add(space.column()));
        return columns;
    }

    /** Chunk exclusion with the statement's parameters and PostgreSQL's reading of time constants. */
    public ChunkExclusion chunkExclusion() {
        List<String> parameters = request.textParameters();
        return new ChunkExclusion(hypertable,
                constant -> constant.literal().or(() -> constant.parameter()
                        .filter(number -> number >= 1 && number <= parameters.size()).map(number -> parameters.get(number - 1)))
                        .or(() -> constant.expression().flatMap(expression -> constantValue(expression, parameters))),
                text -> {
                    TimeType type = TimeType.fromTypeName(hypertable.time().type()).orElseThrow();
                    OptionalLong parsed = zone() == null ? OptionalLong.empty() : TimeValues.parseText(type, text, zone());
                    if (parsed.isPresent()) {
                        return parsed;
                    }
                    try {
                        return OptionalLong.of(parseTimeInPostgres(text));
                    } catch (TimeshardException unreadable) {
                        return OptionalLong.empty();
                    }
                });
    }

    /**
     * The value of a constant expression in the time column's type: computed here where {@link ValueExpression}
     * can, else by PostgreSQL (not with parameters, which the home database is not given).
     */
    private Optional<String> constantValue(String expression, List<String> parameters) {
        List<SqlToken> tokens = SqlTokenizer.tokenize(expression);
        Optional<String> computed = ValueExpression.evaluate(tokens, 0, tokens.size(), hypertable.time().type(), parameters,
                request.parameterTypes(), zone(), OptionalLong.empty());
        boolean parameterized = tokens.stream().anyMatch(token -> token.kind() == SqlToken.Kind.PARAMETER);
        return computed.isPresent() || parameterized ? computed : evaluate(expression);
    }

    /**
     * The value of an expression of literals, as text; empty when PostgreSQL cannot evaluate it. In
     * a transaction block it runs under a savepoint, so that a failure leaves the client's
     * transaction as it was.
     */
    private Optional<String> evaluate(String expression) {
        boolean inBlock = home.status() == TransactionStatus.IN_TRANSACTION;
        if (inBlock) {
            home.query("SAVEPOINT _timeshard_constant");
        }
        // The client's expression: it counts as its SQL (an operator may be a function of its own).
        HomeConnection.Outcome outcome = home.execute("SELECT (" + expression + ")::text", List.of(), List.of(), List.of());
        if (inBlock) {
            home.query(outcome.error() == null ? "RELEASE SAVEPOINT _timeshard_constant" : "ROLLBACK TO SAVEPOINT _timeshard_constant");
        }
        return outcome.error() == null ? Optional.ofNullable(outcome.rows().get(0).get(0)) : Optional.empty();
    }

    public static TimeshardException fromHome(ErrorFields error) {
        return HomeConnection.toException(error);
    }
}
