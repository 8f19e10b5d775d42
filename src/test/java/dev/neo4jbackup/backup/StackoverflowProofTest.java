package dev.neo4jbackup.backup;

import dev.neo4jbackup.domain.Trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.testing.Datasets;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;

/**
 * Proof that a backup is a real one: the public stackoverflow graph is backed up, the sidecar checks
 * with the system's sha256sum, the archive gunzips and loads into a fresh Neo4j that holds the same
 * counts as the manifest. Skipped where ../shared is absent.
 */
class StackoverflowProofTest {

    @TempDir
    Path storage;

    @Test
    void aBackupOfStackoverflowLoadsIntoAFreshNeo4jWithTheSameCounts() throws Exception {
        Path dataset = Datasets.stackoverflow();
        Manifest manifest;
        try (Neo4jServer source = Neo4jServer.create("so-source")) {
            source.load(dataset, "neo4j");
            source.start();
            RunReport report = new RunnerFixture(source, storage).build().run(BackupRequest.of(Trigger.MANUAL,
                    "proof"));
            assertThat(report.ok()).as("%s", report.firstFailure()).isTrue();
            manifest = report.outcomes().get(0).manifest();
        }
        assertThat(manifest.graph().nodes()).isEqualTo(Datasets.STACKOVERFLOW_NODES);
        assertThat(manifest.graph().relationships()).isEqualTo(Datasets.STACKOVERFLOW_RELATIONSHIPS);
        assertThat(BackupRunTest.sha256sumCheck(storage.resolve(manifest.archive() + ".sha256"))).isZero();

        Path restoredDump = storage.resolve("restore/neo4j.dump");
        Files.createDirectories(restoredDump.getParent());
        try (InputStream in = new GZIPInputStream(Files.newInputStream(storage.resolve(manifest.archive())));
             OutputStream out = Files.newOutputStream(restoredDump)) {
            in.transferTo(out);
        }
        assertThat(Files.size(restoredDump)).isEqualTo(manifest.rawBytes());

        try (Neo4jServer target = Neo4jServer.create("so-target")) {
            target.load(restoredDump, "neo4j");
            target.start();
            assertThat(target.count("MATCH (n) RETURN count(n)")).isEqualTo(manifest.graph().nodes());
            assertThat(target.count("MATCH ()-[r]->() RETURN count(r)")).isEqualTo(manifest.graph().relationships());
            Map<String, Long> labels = new TreeMap<>();
            for (String label : manifest.graph().labels().keySet()) {
                labels.put(label, target.count("MATCH (n:`" + label + "`) RETURN count(n)"));
            }
            assertThat(labels).isEqualTo(manifest.graph().labels());
            assertThat(manifest.graph().labels()).hasSize(5);
        }
    }
}
