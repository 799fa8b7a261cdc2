package io.timeshard;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds DESIGN.md's package arrows: {@code cli → node → wire → session → {home, api, plan, ingest,
 * ddl} → {exec, txn} → cluster}, with sql, catalog, partition, protocol and error below everyone.
 * The statement stages (api, plan, ingest, ddl) run their home-side statements in the client's home
 * session, so they reach {@code home}; they never reach each other. A package may use what its
 * arrows reach, directly or through others, and nothing else.
 */
class ArchitectureTest {
    private static final String ROOT = "io.timeshard";
    private static final Set<String> FOUNDATION = Set.of("sql", "catalog", "partition", "protocol", "error");
    /** Each package's arrows as DESIGN.md draws them (the foundation packages' among themselves included). */
    private static final Map<String, Set<String>> ARROWS = Map.ofEntries(
            entry("cli", Set.of("bench", "node", "embedded")),
            entry("bench", Set.of("node", "embedded")),
            entry("node", Set.of("wire", "embedded")),
            entry("wire", Set.of("session")),
            entry("session", Set.of("home", "api", "plan", "ingest", "ddl")),
            entry("api", Set.of("home")),
            entry("plan", Set.of("home")),
            entry("ingest", Set.of("home")),
            entry("ddl", Set.of("home")),
            entry("home", Set.of("exec", "txn")),
            entry("exec", Set.of("cluster")),
            entry("txn", Set.of("cluster")),
            entry("cluster", FOUNDATION),
            entry("catalog", Set.of("sql", "error")),
            entry("partition", Set.of("error")),
            entry("sql", Set.of("error")),
            entry("protocol", Set.of("error")),
            entry("error", Set.of()),
            entry("embedded", Set.of()));
    /** The classes of each statement stage that the session may call: its entry point. */
    private static final Map<String, Set<String>> ENTRY_POINTS = Map.of(
            "api", Set.of("TimeshardFunctions"),
            "plan", Set.of("QueryPlanner", "HomeFacts"),
            "ingest", Set.of("RowIngest"),
            "ddl", Set.of("HypertableDdl"));

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
    }

    @Test
    void everyPackageHasItsArrowsStated() {
        Set<String> packages = classes.stream().map(ArchitectureTest::topPackage).filter(name -> !name.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(ARROWS.keySet()).containsExactlyInAnyOrderElementsOf(packages);
    }

    @Test
    void packagesDependOnlyAlongTheirArrows() {
        for (String from : ARROWS.keySet()) {
            Set<String> reached = reachable(from);
            String[] forbidden = ARROWS.keySet().stream().filter(to -> !to.equals(from) && !reached.contains(to))
                    .map(to -> ROOT + "." + to + "..").toArray(String[]::new);
            if (forbidden.length > 0) {
                noClasses().that().resideInAPackage(ROOT + "." + from + "..")
                        .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                        .because("package " + from + " may only reach " + new TreeSet<>(reached))
                        .check(classes);
            }
        }
    }

    @Test
    void foundationDependsOnNoStage() {
        for (String from : FOUNDATION) {
            assertThat(reachable(from)).as(from).isSubsetOf(FOUNDATION);
        }
    }

    @Test
    void sessionReachesEachStageThroughItsEntryPoint() {
        ENTRY_POINTS.forEach((stage, entries) -> noClasses().that().resideInAPackage(ROOT + ".session..")
                .should().dependOnClassesThat(DescribedPredicate.describe(
                        "are in " + stage + " but not its entry point " + entries,
                        (JavaClass target) -> topPackage(target).equals(stage) && !entries.contains(outermost(target).getSimpleName())))
                .check(classes));
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    /** The packages {@code from}'s arrows lead to, directly or through others. */
    private static Set<String> reachable(String from) {
        Set<String> reached = new TreeSet<>();
        Deque<String> pending = new ArrayDeque<>(ARROWS.get(from));
        while (!pending.isEmpty()) {
            String next = pending.pop();
            if (reached.add(next)) {
                pending.addAll(ARROWS.getOrDefault(next, Set.of()));
            }
        }
        return reached;
    }

    private static String topPackage(JavaClass type) {
        String name = type.getPackageName();
        if (!name.startsWith(ROOT + ".")) {
            return "";
        }
        List<String> parts = List.of(name.substring(ROOT.length() + 1).split("\\."));
        return parts.get(0);
    }

    private static JavaClass outermost(JavaClass type) {
        JavaClass current = type;
        while (current.getEnclosingClass().isPresent()) {
            current = current.getEnclosingClass().get();
        }
        return current;
    }
}
