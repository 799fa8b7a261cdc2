package io.timeshard;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Keeps the package arrows of DESIGN.md one-way: wire → session → plan/ingest/txn → exec → cluster → catalog/partition. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.timeshard");
    }

    @Test
    void layersDependOnlyDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("Commands").definedBy("io.timeshard.cli..", "io.timeshard.bench..")
                .layer("Node").definedBy("io.timeshard.node..")
                .layer("Wire").definedBy("io.timeshard.wire..")
                .layer("Session").definedBy("io.timeshard.session..")
                .layer("Planning").definedBy("io.timeshard.plan..", "io.timeshard.ingest..", "io.timeshard.txn..")
                .layer("Execution").definedBy("io.timeshard.exec..")
                .layer("Cluster").definedBy("io.timeshard.cluster..")
                .layer("Model").definedBy("io.timeshard.catalog..", "io.timeshard.partition..")
                .layer("Embedded").definedBy("io.timeshard.embedded..")
                .whereLayer("Commands").mayNotBeAccessedByAnyLayer()
                .whereLayer("Node").mayOnlyBeAccessedByLayers("Commands")
                .whereLayer("Embedded").mayOnlyBeAccessedByLayers("Node", "Commands")
                .whereLayer("Wire").mayOnlyBeAccessedByLayers("Node", "Commands")
                .whereLayer("Session").mayOnlyBeAccessedByLayers("Wire", "Node", "Commands")
                .whereLayer("Planning").mayOnlyBeAccessedByLayers("Session", "Node", "Commands")
                .whereLayer("Execution").mayOnlyBeAccessedByLayers("Planning", "Session", "Node", "Commands")
                .whereLayer("Cluster").mayOnlyBeAccessedByLayers("Execution", "Planning", "Session", "Node", "Commands")
                .whereLayer("Model").mayOnlyBeAccessedByLayers("Cluster", "Execution", "Planning", "Session", "Node", "Commands")
                .check(classes);
    }

    @Test
    void foundationDependsOnNothingAbove() {
        noClasses().that().resideInAnyPackage("io.timeshard.error..", "io.timeshard.protocol..", "io.timeshard.sql..")
                .should().dependOnClassesThat().resideInAnyPackage("io.timeshard.cli..", "io.timeshard.bench..",
                        "io.timeshard.node..", "io.timeshard.wire..", "io.timeshard.session..", "io.timeshard.plan..",
                        "io.timeshard.ingest..", "io.timeshard.txn..", "io.timeshard.exec..", "io.timeshard.cluster..",
                        "io.timeshard.catalog..", "io.timeshard.partition..", "io.timeshard.embedded..")
                .check(classes);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.timeshard.(*)..").should().beFreeOfCycles().check(classes);
    }
}
