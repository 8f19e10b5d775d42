package dev.neo4jbackup.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.archive.ArchivePacker;
import dev.neo4jbackup.archive.ChecksumLine;
import dev.neo4jbackup.archive.JsonCodec;
import dev.neo4jbackup.archive.Manifest;
import dev.neo4jbackup.config.Compression;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/**
 * The storage folder is the catalogue: an archive, its {@code .sha256} sidecar and its {@code .json}
 * manifest per backup, plus {@code .staging/} for work in progress. A backup becomes visible only when
 * its manifest is renamed into place, after the archive and sidecar are complete and fsynced.
 */
public final class BackupCatalog {

    private static final Logger log = LoggerFactory.getLogger(BackupCatalog.class);
    /** Backups hold the whole graph: owner and group only (seed 001). */
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r-----");
    static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwxr-x---");

    private final Path root;
    private final Path staging;

    public BackupCatalog(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.staging = this.root.resolve(".staging");
    }

    public Path root() {
        return root;
    }

    /** Creates the folder (0750) and checks that it can be written; STORAGE_NOT_WRITABLE otherwise. */
    public void prepare() {
        try {
            if (!Files.isDirectory(root)) {
                Files.createDirectories(root);
                setMode(root, DIR_MODE);
            }
            if (!Files.isDirectory(staging)) {
                Files.createDirectories(staging);
                setMode(staging, DIR_MODE);
            }
            Path probe = Files.createTempFile(staging, "write-probe", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            String why = e instanceof AccessDeniedException ? "permission denied" : String.valueOf(e.getMessage());
            throw new BackupFailure(ErrorCode.STORAGE_NOT_WRITABLE,
                    "Cannot write to the backup storage " + root + " (" + why + ")", null, null, e);
        }
    }

    public FileStore fileStore() throws IOException {
        return Files.getFileStore(root);
    }

    public static String archiveName(BackupId id, Compression compression) {
        return id + compression.suffix();
    }

    public Path archivePath(Manifest manifest) {
        return root.resolve(manifest.archive());
    }

    public Path sidecarPath(Manifest manifest) {
        return root.resolve(manifest.archive() + ".sha256");
    }

    public Path manifestPath(String id) {
        return root.resolve(id + ".json");
    }

    /** A fresh work folder for one backup under {@code .staging/}. */
    public Path newWorkDir(BackupId id) {
        try {
            Path dir = staging.resolve(id.toString());
            if (Files.exists(dir)) {
                deleteTree(dir);
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every manifest in the folder, oldest first. Unreadable or foreign files are skipped. */
    public List<Manifest> list() {
        List<Manifest> manifests = new ArrayList<>();
        try (Stream<Path> files = Files.list(root)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".json") || BackupId.tryParse(name.substring(0, name.length() - 5)).isEmpty()) {
                    continue;
                }
                try {
                    manifests.add(JsonCodec.read(file, Manifest.class));
                } catch (RuntimeException e) {
                    log.warn("MANIFEST_UNREADABLE: {} ({})", file, e.getMessage());
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        manifests.sort(Comparator.comparing(Manifest::created).thenComparing(Manifest::id));
        return manifests;
    }

    public Optional<Manifest> find(String id) {
        BackupId parsed = BackupId.parse(id);
        Path file = manifestPath(parsed.toString());
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(JsonCodec.read(file, Manifest.class));
    }

    public Manifest require(String id) {
        return find(id).orElseThrow(() -> new BackupFailure(ErrorCode.BACKUP_NOT_FOUND,
                "No backup with id " + id + " in " + root));
    }

    public boolean exists(BackupId id) {
        return Files.exists(manifestPath(id.toString()));
    }

    /**
     * Makes a packaged backup visible: sidecar, then archive, then the manifest last (the manifest is
     * what makes it a backup), each fsynced, with atomic renames out of staging.
     */
    public Path publish(Path stagedArchive, Manifest manifest) {
        try {
            Path workDir = stagedArchive.getParent();
            Path sidecar = workDir.resolve(manifest.archive() + ".sha256");
            Files.writeString(sidecar, new ChecksumLine(manifest.sha256(), manifest.archive()).format());
            Path manifestFile = workDir.resolve(manifest.id() + ".json");
            Files.write(manifestFile, JsonCodec.toBytes(manifest));
            for (Path file : List.of(stagedArchive, sidecar, manifestFile)) {
                setMode(file, FILE_MODE);
                ArchivePacker.force(file);
            }
            Path archive = root.resolve(manifest.archive());
            move(sidecar, sidecarPath(manifest));
            move(stagedArchive, archive);
            move(manifestFile, manifestPath(manifest.id()));
            forceDirectory(root);
            return archive;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + manifest.id(), e);
        }
    }

    /** Rewrites a manifest in place (e.g. after a validation), atomically. */
    public void update(Manifest manifest) {
        try {
            Path temp = staging.resolve(manifest.id() + ".json.tmp");
            Files.createDirectories(staging);
            Files.write(temp, JsonCodec.toBytes(manifest));
            setMode(temp, FILE_MODE);
            ArchivePacker.force(temp);
            Files.move(temp, manifestPath(manifest.id()), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update " + manifest.id(), e);
        }
    }

    /**
     * Deletes a backup: the manifest first (so it stops being a backup at once), then archive and sidecar.
     *
     * @return the bytes freed
     */
    public long delete(Manifest manifest) {
        try {
            long freed = 0;
            for (Path file : List.of(manifestPath(manifest.id()), archivePath(manifest), sidecarPath(manifest))) {
                if (Files.exists(file)) {
                    freed += Files.size(file);
                    Files.delete(file);
                }
            }
            forceDirectory(root);
            return freed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + manifest.id(), e);
        }
    }

    /**
     * Removes what a crash left in {@code .staging/}. Call only while holding the storage lock.
     *
     * @return the number of entries removed
     */
    public int sweepStaging() {
        if (!Files.isDirectory(staging)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> entries = Files.list(staging)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                deleteTree(entry);
                removed++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return removed;
    }

    /** Archives and sidecars of ours with no manifest: left by a crash between renames. */
    public List<Path> orphans() {
        List<Path> orphans = new ArrayList<>();
        try (Stream<Path> files = Files.list(root)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                String base = name.replaceFirst("\\.dump(\\.gz)?(\\.sha256)?$", "");
                if (!base.equals(name) && BackupId.tryParse(base).isPresent()
                        && !Files.exists(manifestPath(base))) {
                    orphans.add(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return orphans;
    }

    /** Removes a work folder; what cannot be removed now is swept from .staging at the next start. */
    public static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            deleteTree(dir);
        } catch (IOException | UncheckedIOException e) {
            log.debug("could not remove {} now ({}); swept at the next start", dir, e.getMessage());
        }
    }

    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not every filesystem can fsync a directory; the renames are still atomic.
        }
    }

    private static void setMode(Path path, Set<PosixFilePermission> mode) throws IOException {
        try {
            Files.setPosixFilePermissions(path, mode);
        } catch (UnsupportedOperationException e) {
            // not a POSIX filesystem: permissions are the filesystem's business
        }
    }
}
