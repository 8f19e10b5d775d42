package dev.neo4jbackup.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.neo4jbackup.archive.ArchivePacker;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.domain.BackupId;

/**
 * A storage folder an attacker or a careless operator has been at: real backups, and beside them every
 * kind of bad file the catalogue must survive, plus canary files OUTSIDE the folder that no command may
 * read or delete. Reads are detected by access time: each canary's atime is set before its mtime, so any
 * read on a relatime (or strictatime) mount moves it.
 */
public final class HostileFiles {

    /** A bad file: its name in the storage folder, the id it is listed under, and part of the expected reason. */
    public record Bad(String file, String id, String reason) {
    }

    private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));

    public final Path root;
    public final Path outside;
    /** The newest real backup: it must survive everything. */
    public final Manifest newest;
    /** Older real backups (retention may drop them). */
    public final List<Manifest> older = new ArrayList<>();
    /** Named correctly but FAILED and without its archive, newer than {@link #newest}: never a success. */
    public final BackupId failedWithoutArchive;
    /** A real backup whose checksum file names a file outside the folder. */
    public final Manifest sidecarNamingOther;
    /** Every entry that must be listed INVALID, with its reason. */
    public final List<Bad> invalid = new ArrayList<>();
    private final Map<Path, byte[]> canaries = new LinkedHashMap<>();

    private HostileFiles(Path base, Instant now) throws IOException {
        root = Files.createDirectories(base.resolve("storage"));
        outside = Files.createDirectories(base.resolve("outside"));
        BackupCatalog catalog = TestSigning.catalog(root, Clock.systemUTC());
        catalog.prepare();
        Instant day = now.truncatedTo(ChronoUnit.SECONDS);
        older.add(SyntheticBackups.publish(catalog, "neo4j", day.minus(Duration.ofDays(10))));
        older.add(SyntheticBackups.publish(catalog, "neo4j", day.minus(Duration.ofDays(3))));
        sidecarNamingOther = SyntheticBackups.publish(catalog, "neo4j", day.minus(Duration.ofDays(4)));
        older.add(sidecarNamingOther);
        newest = SyntheticBackups.publish(catalog, "neo4j", day.minus(Duration.ofDays(2)));

        Path canaryArchive = canary("canary.dump.gz", "not yours: an archive outside the storage folder");
        String canaryHash = ArchivePacker.sha256(canaryArchive);
        canary("canary.json", "{\"id\":\"neo4j-20250113-000000\",\"database\":\"neo4j\"}");
        canary("x", "not yours either");
        Path stagingTarget = Files.createDirectories(outside.resolve("staging-target"));
        canary("staging-target/keep.txt", "a folder a .staging link points at");

        bad("neo4j-20250101-000000", manifest("neo4j-20250101-000000", "neo4j", "COMPLETE", canaryArchive.toString(),
                canaryHash), "archive '" + canaryArchive);
        bad("neo4j-20250102-000000", manifest("neo4j-20250102-000000", "neo4j", "COMPLETE",
                "../outside/canary.dump.gz", canaryHash), "archive '../outside/canary.dump.gz'");
        bad("neo4j-20250103-000000", manifest("../outside/x", "neo4j", "COMPLETE", null, canaryHash),
                "id '../outside/x' is not a backup id");
        // the old-named FAILED file that carries the newest real backup's id
        bad("neo4j-20200105-000000", manifest(newest.id(), "neo4j", "FAILED", null, null),
                "id '" + newest.id() + "' does not match the file name neo4j-20200105-000000.json");
        bad("neo4j-20250106-000000", "{}", "required fields missing: id, database, created, status, compression");
        bad("neo4j-20250107-000000", "null", "JSON null");
        bad("neo4j-20250108-000000", manifest("neo4j-20250108-000000", null, "COMPLETE", null, canaryHash),
                "required field missing: database");
        bad("neo4j-20250111-000000", manifest("neo4j-20250111-000000", "system", "COMPLETE", null, canaryHash),
                "database 'system' does not match the id's database 'neo4j'");
        bad("neo4j-20250112-000000", manifest("neo4j-20250112-000000", "neo4j", "GREAT", null, canaryHash),
                "unknown status 'GREAT'");
        bad("neo4j-20250114-000000", "{\"id\": 12, \"created\": \"yesterday\"}", "not a manifest");
        // 300 MB (sparse: no disk used): reading it whole was an OutOfMemoryError
        try (RandomAccessFile big = new RandomAccessFile(root.resolve("neo4j-20250109-000000.json").toFile(), "rw")) {
            big.setLength(300L * 1024 * 1024);
        }
        invalid.add(new Bad("neo4j-20250109-000000.json", "neo4j-20250109-000000", "more than the 1048576 bytes"));
        // a manifest that is a link to a file outside
        Files.createSymbolicLink(root.resolve("neo4j-20250113-000000.json"), outside.resolve("canary.json"));
        invalid.add(new Bad("neo4j-20250113-000000.json", "neo4j-20250113-000000", "the manifest is a symbolic link"));
        // an archive that is a link to a file outside
        bad("neo4j-20250110-000000", manifest("neo4j-20250110-000000", "neo4j", "COMPLETE", null, canaryHash),
                "the archive neo4j-20250110-000000.dump.gz is a symbolic link");
        Files.createSymbolicLink(root.resolve("neo4j-20250110-000000.dump.gz"), canaryArchive);
        // future-dated, archive present: it must not make the backups look fresh
        BackupId future = BackupId.of("neo4j", day.plus(Duration.ofDays(30)));
        bad(future.toString(), manifest(future.toString(), "neo4j", "COMPLETE", null, canaryHash), "in the future");
        Files.writeString(root.resolve(future + ".dump.gz"), "an archive from the future");
        // named right, FAILED, no archive, the freshest file of all
        failedWithoutArchive = BackupId.of("neo4j", day.minus(Duration.ofMinutes(5)));
        Files.writeString(root.resolve(failedWithoutArchive + ".json"),
                manifest(failedWithoutArchive.toString(), "neo4j", "FAILED", null, null));
        // the checksum file of a real backup names a file outside
        Files.writeString(root.resolve(sidecarNamingOther.archive() + ".sha256"),
                canaryHash + "  ../outside/canary.dump.gz\n");
        // .staging is a link to a folder outside: a sweep would empty it
        Path staging = root.resolve(".staging");
        BackupCatalog.deleteQuietly(staging);
        Files.createSymbolicLink(staging, stagingTarget);
        for (Path canary : canaries.keySet()) {
            markUnread(canary);
        }
    }

    public static HostileFiles create(Path base, Instant now) throws IOException {
        return new HostileFiles(base, now);
    }

    /** Every canary is still there, unchanged, and was not read (its access time has not moved). */
    public void assertCanariesUntouched() throws IOException {
        for (Map.Entry<Path, byte[]> canary : canaries.entrySet()) {
            assertThat(canary.getKey()).as("canary outside the storage folder").exists();
            FileTime atime = Files.readAttributes(canary.getKey(),
                    java.nio.file.attribute.BasicFileAttributes.class).lastAccessTime();
            assertThat(atime).as("access time of " + canary.getKey() + ": it was read").isEqualTo(LONG_AGO);
            assertThat(Files.readAllBytes(canary.getKey())).isEqualTo(canary.getValue());
            markUnread(canary.getKey()); // reading it just now moved the access time
        }
        assertThat(outside.resolve("staging-target")).isDirectory();
    }

    /** The bad file names, for "each one is reported". */
    public List<String> invalidFiles() {
        return invalid.stream().map(Bad::file).toList();
    }

    private Path canary(String name, String content) throws IOException {
        Path file = Files.writeString(outside.resolve(name), content);
        canaries.put(file, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return file;
    }

    private static void markUnread(Path file) throws IOException {
        Files.getFileAttributeView(file, BasicFileAttributeView.class).setTimes(null, LONG_AGO, null);
    }

    private void bad(String fileId, String json, String reason) throws IOException {
        Files.writeString(root.resolve(fileId + ".json"), json);
        invalid.add(new Bad(fileId + ".json", fileId, reason));
    }

    /** A manifest as JSON with the given fields (null: left out), the rest like a real one. */
    static String manifest(String id, String database, String status, String archive, String sha256) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        if (database != null) {
            m.put("database", database);
        }
        BackupId parsed = BackupId.tryParse(id).orElse(null);
        m.put("created", (parsed != null ? parsed.created() : Instant.parse("2025-01-03T00:00:00Z")).toString());
        m.put("trigger", "SCHEDULED");
        m.put("status", status);
        m.put("compression", "GZIP");
        if (archive != null) {
            m.put("archive", archive);
        }
        m.put("rawBytes", 4000);
        m.put("storedBytes", 48);
        if (sha256 != null) {
            m.put("sha256", sha256);
        }
        return new String(dev.neo4jbackup.archive.JsonCodec.toBytes(m), java.nio.charset.StandardCharsets.UTF_8);
    }
}
