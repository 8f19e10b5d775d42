package dev.neo4jbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.config.StopMode;
import dev.neo4jbackup.crypt.AgeKeys;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.testing.RunnerFixture;
import dev.neo4jbackup.testing.SharedNeo4j;

/**
 * An encrypted logical export writes nothing but ciphertext to disk: a watcher reads every file in {@code .staging}
 * while the export of the shared server runs (and after it), and finds none that holds the graph's text; the
 * published archive decrypts with the identity to the file the export wrote, header first.
 */
class EncryptedLogicalStagingTest {

    @TempDir
    Path storage;

    @TempDir
    Path keys;

    @Test
    void noPlaintextOfTheGraphReachesStagingWhenEncryptionIsOn() throws Exception {
        AgeKeys.assumeAge();
        Path key = AgeKeys.identity(keys, "key");
        RunnerFixture fixture = new RunnerFixture(SharedNeo4j.get(), storage).stopMode(StopMode.NONE)
                .set("kind", "logical").set("encryption.recipients", AgeKeys.recipient(key))
                .set("logical.page-bytes", "64KB");
        Map<Path, String> seen = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (running.get()) {
                look(storage.resolve(".staging"), seen);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watcher.start();
        RunReport report;
        try {
            report = fixture.build().run(BackupRequest.of(Trigger.MANUAL, "encrypted"));
        } finally {
            running.set(false);
            watcher.join();
        }
        assertThat(report.ok()).as("%s", report.firstFailure()).isTrue();
        look(storage.resolve(".staging"), seen);
        assertThat(seen).as("files seen in .staging during the export").isNotEmpty();
        assertThat(seen.keySet()).anyMatch(f -> f.getFileName().toString().endsWith(".sealed"));
        assertThat(seen).as("files in .staging holding the graph's text").allSatisfy((file, plain) -> assertThat(
                plain).as(file.toString()).isEmpty());
        Manifest manifest = report.outcomes().get(0).manifest();
        assertThat(manifest.archive()).endsWith(".jsonl.gz.age");
        String first = AgeKeys.sh("age -d -i " + key + " " + storage.resolve(manifest.archive()) + " | gunzip | head -c 300");
        assertThat(first).startsWith("{\"type\":\"meta\",\"format\":\"neo4j-backup-logical/2\"");
        String plain = AgeKeys.sh("age -d -i " + key + " " + storage.resolve(manifest.archive()) + " | sha256sum");
        assertThat(plain).startsWith(manifest.encryption().plaintextSha256());
    }

    /** Every file below {@code dir}, with the start of its text when its first 64 KB hold the graph's text. */
    private static void look(Path dir, Map<Path, String> seen) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).forEach(f -> {
                try (InputStream in = Files.newInputStream(f)) {
                    String head = new String(in.readNBytes(64 * 1024), StandardCharsets.ISO_8859_1);
                    boolean plain = Stream.of("\"type\":\"node\"", "\"type\":\"meta\"", "Person ",
                            "\"relationship\"").anyMatch(head::contains);
                    seen.merge(f, plain ? head.substring(0, Math.min(200, head.length())) : "", (a, b) -> a.isEmpty()
                            ? b : a);
                } catch (IOException gone) {
                    // deleted between the listing and the read
                }
            });
        } catch (IOException | java.io.UncheckedIOException gone) {
            // a folder went away while walking
        }
    }
}
