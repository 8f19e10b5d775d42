package dev.neo4jbackup.backup;

import dev.neo4jbackup.domain.Trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.neo4jbackup.archive.ChecksumLine;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.sandbox.SampleGraph;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;

/** A complete run against the real Neo4j: stop, dump, start, package, publish. */
@ExtendWith({dev.neo4jbackup.testing.Neo4jExtension.class, OutputCaptureExtension.class})
class BackupRunTest {

    @TempDir
    Path storage;

    @Test
    void aRunPublishesArchiveSidecarAndManifestAndNeo4jAnswersAfterwards(Neo4jServer server, CapturedOutput output)
            throws Exception {
        RunnerFixture fixture = new RunnerFixture(server, storage);

        RunReport report = fixture.build().run(BackupRequest.of(Trigger.MANUAL, "test run"));

        assertThat(report.ok()).as("%s", report.firstFailure()).isTrue();
        assertThat(server.answers()).isTrue();
        Manifest manifest = report.outcomes().get(0).manifest();
        assertThat(manifest.id()).matches("neo4j-\\d{8}-\\d{6}");
        assertThat(manifest.status()).isEqualTo(Manifest.Status.COMPLETE);
        assertThat(manifest.reason()).isEqualTo("test run");
        assertThat(manifest.graph().nodes()).isEqualTo(SampleGraph.PEOPLE + SampleGraph.COMPANIES
                + SampleGraph.CITIES + SampleGraph.SKILLS);
        assertThat(manifest.graph().relationships()).isEqualTo(1525);
        assertThat(manifest.graph().labels()).containsEntry("Person", (long) SampleGraph.PEOPLE);
        assertThat(manifest.graph().relationshipTypes()).containsEntry("KNOWS", 500L);
        assertThat(manifest.graph().constraints()).isEqualTo(1);
        assertThat(manifest.graph().indexes()).isGreaterThanOrEqualTo(2);
        assertThat(manifest.neo4jVersion()).startsWith("5.26");
        assertThat(manifest.downtimeMs()).isPositive();
        assertThat(manifest.durationsMs()).containsKeys("preflight", "stop", "dump", "start", "package", "verify",
                "total");
        assertThat(manifest.rawBytes()).isPositive();
        // backup.neo4j.start-first (default): gzip began only once Neo4j answered, not beside its start
        assertThat(output.getOut()).contains("PACKAGE_AFTER_START: Neo4j answers after " + manifest.downtimeMs()
                + " ms down; packaging starts now");

        Path archive = storage.resolve(manifest.id() + ".dump.gz");
        Path sidecar = storage.resolve(manifest.id() + ".dump.gz.sha256");
        assertThat(archive).exists();
        assertThat(Files.size(archive)).isEqualTo(manifest.storedBytes());
        assertThat(ChecksumLine.parse(Files.readString(sidecar)).sha256()).isEqualTo(manifest.sha256());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(archive))).isEqualTo("rw-r-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storage.resolve(manifest.id()
                + ".json")))).isEqualTo("rw-r-----");
        assertThat(sha256sumCheck(sidecar)).isZero();
        assertThat(fixture.catalog().list()).extracting(Manifest::id).containsExactly(manifest.id());
        try (var staging = Files.list(storage.resolve(".staging"))) {
            assertThat(staging).isEmpty();
        }
        assertThat(fixture.state().read().lastSuccessId()).isEqualTo(manifest.id());
        assertThat(fixture.state().read().stoppedByUs()).isNull();
        assertThat(fixture.events).hasAtLeastOneElementOfType(BackupEvents.BackupSucceeded.class);
    }

    @Test
    void compressionNoneStoresTheDumpAsItIsAndTwoDatabasesGetAnArchiveEach(Neo4jServer server,
            CapturedOutput output) throws Exception {
        // and packaging beside Neo4j's start, as backup.neo4j.start-first=false asks
        RunnerFixture fixture = new RunnerFixture(server, storage).compression(Compression.NONE)
                .databases("neo4j", "system").set("neo4j.start-first", "false");

        RunReport report = fixture.build().run(BackupRequest.of(Trigger.MANUAL, null));

        assertThat(report.ok()).as("%s", report.firstFailure()).isTrue();
        assertThat(report.outcomes()).hasSize(2);
        for (BackupOutcome outcome : report.outcomes()) {
            Manifest manifest = outcome.manifest();
            assertThat(manifest.archive()).endsWith(".dump");
            assertThat(manifest.storedBytes()).isEqualTo(manifest.rawBytes());
            // a 5.x dump starts with Neo4j's DZV1 header and a Zstandard frame
            byte[] head = new byte[8];
            try (var in = Files.newInputStream(storage.resolve(manifest.archive()))) {
                assertThat(in.read(head)).isEqualTo(8);
            }
            assertThat(new String(head, 0, 4)).isEqualTo("DZV1");
            assertThat(sha256sumCheck(storage.resolve(manifest.archive() + ".sha256"))).isZero();
        }
        assertThat(report.outcomes()).extracting(BackupOutcome::database).containsExactly("neo4j", "system");
        assertThat(server.answers()).isTrue();
        assertThat(output.getOut()).doesNotContain("PACKAGE_AFTER_START");
    }

    static int sha256sumCheck(Path sidecar) throws Exception {
        Process process = new ProcessBuilder("sha256sum", "-c", sidecar.getFileName().toString())
                .directory(sidecar.getParent().toFile()).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        process.waitFor(30, TimeUnit.SECONDS);
        return process.exitValue();
    }
}
