package dev.neo4jbackup;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package rules of docs/architecture.md: one idea per package, dependencies pointing one way. */
@AnalyzeClasses(packages = "dev.neo4jbackup", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageRulesTest {

    @ArchTest
    static final ArchRule configDependsOnNothingElseHere = noClasses().that()
            .resideInAPackage("dev.neo4jbackup.config..").should().dependOnClassesThat()
            .resideInAnyPackage("dev.neo4jbackup.backup..", "dev.neo4jbackup.catalog..", "dev.neo4jbackup.neo4j..",
                    "dev.neo4jbackup.archive..", "dev.neo4jbackup.schedule..", "dev.neo4jbackup.sandbox..",
                    "dev.neo4jbackup.crypt..");

    /**
     * Encryption fills the packer's seal slot and the verifier's opener from beside them: it knows the archive's
     * interfaces, never the run, the storage folder or the restore; and the archive, the storage folder and the
     * run's stages' parts never know age.
     */
    @ArchTest
    static final ArchRule cryptFillsTheArchiveSlotsFromBeside = noClasses().that()
            .resideInAPackage("dev.neo4jbackup.crypt..").should().dependOnClassesThat()
            .resideInAnyPackage("dev.neo4jbackup.backup..", "dev.neo4jbackup.catalog..",
                    "dev.neo4jbackup.restore..", "dev.neo4jbackup.schedule..", "dev.neo4jbackup.api..",
                    "dev.neo4jbackup.cli..");

    @ArchTest
    static final ArchRule nothingBelowTheRunKnowsAge = noClasses().that()
            .resideInAnyPackage("dev.neo4jbackup.archive..", "dev.neo4jbackup.catalog..", "dev.neo4jbackup.neo4j..",
                    "dev.neo4jbackup.domain..")
            .should().dependOnClassesThat().resideInAPackage("dev.neo4jbackup.crypt..");

    @ArchTest
    static final ArchRule neo4jKnowsNoSchedulingNorFilesOfOurs = noClasses().that()
            .resideInAPackage("dev.neo4jbackup.neo4j..").should().dependOnClassesThat()
            .resideInAnyPackage("dev.neo4jbackup.backup..", "dev.neo4jbackup.catalog..",
                    "dev.neo4jbackup.schedule..", "dev.neo4jbackup.archive..");

    @ArchTest
    static final ArchRule onlyTheRunOrdersStages = noClasses().that()
            .resideInAnyPackage("dev.neo4jbackup.archive..", "dev.neo4jbackup.catalog..", "dev.neo4jbackup.neo4j..")
            .should().dependOnClassesThat().resideInAPackage("dev.neo4jbackup.backup..");

    /**
     * The logical export and import talk to Neo4j and read and write JSON lines only: the run, the restore and the
     * storage folder use them, never the other way.
     */
    @ArchTest
    static final ArchRule logicalKnowsNoRunNorStorage = noClasses().that()
            .resideInAPackage("dev.neo4jbackup.logical..").should().dependOnClassesThat()
            .resideInAnyPackage("dev.neo4jbackup.backup..", "dev.neo4jbackup.restore..", "dev.neo4jbackup.catalog..",
                    "dev.neo4jbackup.schedule..", "dev.neo4jbackup.api..", "dev.neo4jbackup.cli..",
                    "dev.neo4jbackup.alert..", "dev.neo4jbackup.observe..", "dev.neo4jbackup.config..");

    /**
     * Live snapshots take and release a point-in-time copy of Neo4j's data root (their commands through neo4j's
     * process runner); the run and the restore use them, they know neither.
     */
    @ArchTest
    static final ArchRule snapshotKnowsNoRunNorRestore = noClasses().that()
            .resideInAPackage("dev.neo4jbackup.snapshot..").should().dependOnClassesThat()
            .resideInAnyPackage("dev.neo4jbackup.backup..", "dev.neo4jbackup.restore..", "dev.neo4jbackup.schedule..",
                    "dev.neo4jbackup.api..", "dev.neo4jbackup.cli..", "dev.neo4jbackup.alert..",
                    "dev.neo4jbackup.observe..", "dev.neo4jbackup.archive..", "dev.neo4jbackup.crypt..",
                    "dev.neo4jbackup.logical..", "dev.neo4jbackup.offsite..", "dev.neo4jbackup.config..",
                    "dev.neo4jbackup.sandbox..");

    /** What the snapshots stand on (Neo4j's commands, the free-space rule, the vocabulary) never knows them. */
    @ArchTest
    static final ArchRule nothingBelowTheRunKnowsSnapshots = noClasses().that()
            .resideInAnyPackage("dev.neo4jbackup.neo4j..", "dev.neo4jbackup.catalog..", "dev.neo4jbackup.archive..",
                    "dev.neo4jbackup.domain..", "dev.neo4jbackup.config..", "dev.neo4jbackup.retention..",
                    "dev.neo4jbackup.error..", "dev.neo4jbackup.format..")
            .should().dependOnClassesThat().resideInAPackage("dev.neo4jbackup.snapshot..");

    /** Retention is a pure function: no Spring, no files, nothing else of ours (not even the property records). */
    @ArchTest
    static final ArchRule retentionIsPure = noClasses().that().resideInAPackage("dev.neo4jbackup.retention..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "java.io..", "java.nio..",
                    "dev.neo4jbackup.config..", "dev.neo4jbackup.backup..", "dev.neo4jbackup.catalog..",
                    "dev.neo4jbackup.neo4j..", "dev.neo4jbackup.archive..", "dev.neo4jbackup.schedule..",
                    "dev.neo4jbackup.sandbox..", "dev.neo4jbackup.error..");

    /** Each package's configuration builds its own beans; a lower package offers an interface or event instead of
     * reaching up, so no two packages need each other. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.neo4jbackup.(*)..").should().beFreeOfCycles();

    /** Webhooks, the ping and the hooks plug in from above: the run, the restore and the alerts never know them. */
    @ArchTest
    static final ArchRule nothingDependsOnNotifyOrHooks = noClasses().that()
            .resideOutsideOfPackages("dev.neo4jbackup.notify..", "dev.neo4jbackup.hooks..").should()
            .dependOnClassesThat().resideInAnyPackage("dev.neo4jbackup.notify..", "dev.neo4jbackup.hooks..");

    /** The metadata node plugs in from above, as a listener of the run's events: nothing knows it. */
    @ArchTest
    static final ArchRule nothingDependsOnTheMetadataNode = noClasses().that()
            .resideOutsideOfPackage("dev.neo4jbackup.metadata..").should().dependOnClassesThat()
            .resideInAPackage("dev.neo4jbackup.metadata..");

    /** The auto-backup is started from above only: by its cron (schedule) and by {@code create --auto} (cli). */
    @ArchTest
    static final ArchRule onlyTheScheduleAndTheCliStartAutoBackups = noClasses().that()
            .resideOutsideOfPackages("dev.neo4jbackup.auto..", "dev.neo4jbackup.schedule..", "dev.neo4jbackup.cli..")
            .should().dependOnClassesThat().resideInAPackage("dev.neo4jbackup.auto..");

    /** The anomaly decision is a function of two backups' measures and a threshold (AnomalyPolicyTest's table). */
    @ArchTest
    static final ArchRule anomalyPolicyIsPure = noClasses().that().haveFullyQualifiedName(
            "dev.neo4jbackup.backup.AnomalyPolicy").should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "java.io..", "java.nio..", "org.neo4j..", "dev.neo4jbackup.catalog..",
                    "dev.neo4jbackup.config..", "dev.neo4jbackup.neo4j..", "dev.neo4jbackup.domain..",
                    "dev.neo4jbackup.archive..", "dev.neo4jbackup.error..");

    /** The auto-backup decision is a pure function: no Spring, no I/O, no Neo4j. */
    @ArchTest
    static final ArchRule autoBackupPolicyIsPure = noClasses().that().haveFullyQualifiedName(
            "dev.neo4jbackup.auto.AutoBackupPolicy").should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "java.io..", "java.nio..", "org.neo4j..", "dev.neo4jbackup.backup..",
                    "dev.neo4jbackup.catalog..", "dev.neo4jbackup.neo4j..");

    /**
     * The off-site copies plug in from above: the run, the catalogue and the restore never know an object store
     * (the run's events queue a copy); only the surface (CLI, API), the alerts and the meters read it.
     */
    @ArchTest
    static final ArchRule nothingButTheSurfaceUsesOffsite = noClasses().that()
            .resideOutsideOfPackages("dev.neo4jbackup.offsite..", "dev.neo4jbackup.cli..", "dev.neo4jbackup.api..",
                    "dev.neo4jbackup.alert..", "dev.neo4jbackup.observe..").should()
            .dependOnClassesThat().resideInAnyPackage("dev.neo4jbackup.offsite..");

    /**
     * Signing knows keys, the configuration of them and manifests: the storage folder signs and judges through it,
     * and it never reaches up into the folder, the run, the restore, the copies or the surface.
     */
    @ArchTest
    static final ArchRule signingKnowsNoStorageNorRun = noClasses().that()
            .resideInAPackage("dev.neo4jbackup.signing..").should().dependOnClassesThat()
            .resideInAnyPackage("dev.neo4jbackup.catalog..", "dev.neo4jbackup.backup..", "dev.neo4jbackup.restore..",
                    "dev.neo4jbackup.offsite..", "dev.neo4jbackup.schedule..", "dev.neo4jbackup.neo4j..",
                    "dev.neo4jbackup.api..", "dev.neo4jbackup.cli..", "dev.neo4jbackup.alert..",
                    "dev.neo4jbackup.observe..");

    /** The vocabulary every package speaks (ids, manifests, compression, triggers, database names): it needs nothing. */
    @ArchTest
    static final ArchRule domainIsTheBase = noClasses().that().resideInAnyPackage("dev.neo4jbackup.domain..",
            "dev.neo4jbackup.format..").should().dependOnClassesThat().resideInAnyPackage("dev.neo4jbackup.alert..",
                    "dev.neo4jbackup.api..", "dev.neo4jbackup.archive..", "dev.neo4jbackup.backup..",
                    "dev.neo4jbackup.catalog..", "dev.neo4jbackup.cli..", "dev.neo4jbackup.config..",
                    "dev.neo4jbackup.error..", "dev.neo4jbackup.neo4j..", "dev.neo4jbackup.observe..",
                    "dev.neo4jbackup.offsite..",
                    "dev.neo4jbackup.restore..", "dev.neo4jbackup.retention..", "dev.neo4jbackup.sandbox..",
                    "dev.neo4jbackup.schedule..", "dev.neo4jbackup.signing..");
}
