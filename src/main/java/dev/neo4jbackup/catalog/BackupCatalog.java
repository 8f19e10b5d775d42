package dev.neo4jbackup.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import tools.jackson.databind.JsonNode;

import dev.neo4jbackup.archive.ArchivePacker;
import dev.neo4jbackup.archive.ChecksumLine;
import dev.neo4jbackup.archive.JsonCodec;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.signing.ManifestSigner;
import dev.neo4jbackup.signing.Trust;

/**
 * The storage folder is the catalogue: an archive, its {@code .sha256} sidecar and its {@code .json}
 * manifest per backup, plus {@code .staging/} for work in progress. A backup becomes visible only when
 * its manifest is renamed into place, after the archive and sidecar are complete and fsynced. Every manifest it
 * writes is signed with the service's key, and every one it reads is judged by its signature
 * ({@link CatalogEntry#trust()}, docs/signing.md).
 */
public final class BackupCatalog {

    private static final Logger log = LoggerFactory.getLogger(BackupCatalog.class);
    /** Backups hold the whole graph: owner and group only (0640 files, a 0750 folder). */
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r-----");
    static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwxr-x---");

    private final Path root;
    private final Path staging;
    private final Clock clock;
    private final ManifestSigner signer;
    private final TrustGate gate;
    /** Parsed manifests by file name; an entry is reused while the file is unchanged. Guards {@link #warned}. */
    private final Map<String, Parsed> parsed = new HashMap<>();
    private final Map<String, String> warned = new HashMap<>();

    /**
     * @param clock  what "in the future" is measured against
     * @param signer the service's keys: signs what is written, judges what is read
     * @param events told when an operator accepts a backup this service did not sign ({@link TrustOverridden})
     */
    public BackupCatalog(Path root, Clock clock, ManifestSigner signer,
            ApplicationEventPublisher events) {
        this.root = root.toAbsolutePath().normalize();
        this.staging = this.root.resolve(CatalogNames.STAGING);
        this.clock = clock;
        this.signer = Objects.requireNonNull(signer, "signer");
        this.gate = new TrustGate(events, clock);
    }

    /** A catalogue whose trust overrides are logged only (no alert). */
    public BackupCatalog(Path root, Clock clock, ManifestSigner signer) {
        this(root, clock, signer, event -> { });
    }

    public ManifestSigner signer() {
        return signer;
    }

    public TrustGate trustGate() {
        return gate;
    }

    /**
     * The trusted manifest of an id that may be used for {@code operation}: signed by this service, or accepted by
     * the operator (logged and alerted). BACKUP_NOT_FOUND, BACKUP_INVALID or BACKUP_UNTRUSTED otherwise.
     */
    public Manifest requireTrusted(String id, TrustOverride override, String operation) {
        Manifest manifest = require(id);
        CatalogEntry entry = entry(BackupId.parse(id)).orElseThrow();
        gate.require(entry, override, operation, "the storage folder");
        return manifest;
    }

    public Path root() {
        return root;
    }

    /** Creates the folder (0750) and checks that it can be written; STORAGE_NOT_WRITABLE otherwise. */
    public void prepare() {
        try {
            if (!Files.isDirectory(root)) {
                Files.createDirectories(root);
                SafeFiles.setMode(root, DIR_MODE);
            }
            // A .staging link is refused where staging is used (runs, validations), not here: start-up
            // recovery must still be able to start Neo4j, and list/status must still answer.
            boolean stagingIsLink = Files.isSymbolicLink(staging);
            if (!stagingIsLink && !Files.isDirectory(staging)) {
                Files.createDirectories(staging);
                SafeFiles.setMode(staging, DIR_MODE);
            }
            Path probe = Files.createTempFile(stagingIsLink ? root : staging, ".write-probe", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            String why = e instanceof AccessDeniedException ? "permission denied" : String.valueOf(e.getMessage());
            throw new BackupFailure(ErrorCode.STORAGE_NOT_WRITABLE,
                    "Cannot write to the backup storage " + root + " (" + why + ")", null, null, e);
        }
    }

    /** The archive of a trusted manifest: named from its id and compression, never from its {@code archive} field. */
    public Path archivePath(Manifest manifest) {
        Path archive = inside(CatalogNames.archiveName(manifest));
        SafeFiles.refuseLink(archive, "archive");
        return archive;
    }

    public Path archivePath(BackupId id, Compression compression) {
        return inside(CatalogNames.archiveName(id, compression));
    }

    public Path sidecarPath(Manifest manifest) {
        return inside(CatalogNames.sidecarOf(CatalogNames.archiveName(manifest)));
    }

    public Path sidecarPath(BackupId id, Compression compression) {
        return inside(CatalogNames.sidecarName(id, compression));
    }

    /** @param id a backup id; anything else is refused (it would name a path) */
    public Path manifestPath(String id) {
        return manifestPath(BackupId.parse(id));
    }

    public Path manifestPath(BackupId id) {
        return inside(CatalogNames.manifestName(id));
    }

    /** A file name resolved in the root; refused if it would leave it (ids cannot, but this is the one gate). */
    private Path inside(String name) {
        Path path = root.resolve(name).normalize();
        if (!root.equals(path.getParent())) {
            throw new BackupFailure(ErrorCode.STORAGE_UNSAFE, "The path " + path + " leaves the storage folder "
                    + root, null, "Nothing was read or written there; report the file that named it", null);
        }
        return path;
    }

    static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "?";
        }
    }

    /** Refuses a {@code .staging} that is a symbolic link: a sweep would empty its target. */
    public void requireSafeStaging() {
        SafeFiles.refuseLink(staging, "work folder");
    }

    /**
     * A fresh work folder for one backup under {@code .staging/}, owner-only from its creation: the dump or export
     * in it is the whole graph in plaintext until it is packaged (and sealed).
     */
    public Path newWorkDir(BackupId id) {
        requireSafeStaging();
        try {
            Path dir = staging.resolve(id.toString());
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                deleteTree(dir);
            }
            Files.createDirectories(staging);
            return PrivateFiles.createFolder(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every {@code <id>.json} in the folder, trusted or INVALID with its reason, oldest first (by the file
     * name's id). Foreign files are not ours and are left out. Never throws for a bad file.
     */
    public List<CatalogEntry> entries() {
        return scan().entries();
    }

    /** The trusted manifests, oldest first. INVALID entries (see {@link #entries}) are left out. */
    public List<Manifest> list() {
        List<Manifest> manifests = new ArrayList<>();
        for (CatalogEntry entry : entries()) {
            if (entry.valid()) {
                manifests.add(entry.manifest());
            }
        }
        manifests.sort(Comparator.comparing(Manifest::created).thenComparing(Manifest::id));
        return manifests;
    }

    /**
     * Real successes only, oldest first: trusted, COMPLETE or VALIDATED, archive present, and not UNTRUSTED (a
     * signature that does not verify). What health, metrics and "last success" count; a FAILED, CORRUPTED, INVALID
     * or UNTRUSTED entry never makes the backups look fresh. An UNSIGNED one counts: backups written before signing
     * existed are unsigned, and whoever could plant one could as well delete the real ones.
     */
    public List<Manifest> successes() {
        Scan scan = scan();
        List<Manifest> good = new ArrayList<>();
        for (CatalogEntry entry : scan.entries()) {
            // a trusted manifest's id is its file name's: no need to format the BackupId again
            if (entry.valid() && !entry.untrusted() && isSuccess(entry.manifest()) && scan.regularFiles()
                    .contains(CatalogNames.archiveName(entry.manifest()))) {
                good.add(entry.manifest());
            }
        }
        good.sort(Comparator.comparing(Manifest::created).thenComparing(Manifest::id));
        return good;
    }

    public static boolean isSuccess(Manifest manifest) {
        return manifest.status().success();
    }

    /** The entry of one id, trusted or INVALID, or empty when there is no {@code <id>.json}. */
    public Optional<CatalogEntry> entry(BackupId id) {
        Map<String, BasicFileAttributes> files = new HashMap<>();
        for (String name : namesOf(id)) {
            BasicFileAttributes attributes = attributes(root.resolve(name));
            if (attributes != null) {
                files.put(name, attributes);
            }
        }
        if (!files.containsKey(CatalogNames.manifestName(id))) {
            return Optional.empty();
        }
        return Optional.of(judge(id.toString(), id, files, clock.instant()));
    }

    /** The trusted manifest of an id; empty when there is none or it is INVALID ({@link #require} says why). */
    public Optional<Manifest> find(String id) {
        return entry(BackupId.parse(id)).filter(CatalogEntry::valid).map(CatalogEntry::manifest);
    }

    /** The trusted manifest of an id: BACKUP_NOT_FOUND, or BACKUP_INVALID with the reason, otherwise. */
    public Manifest require(String id) {
        CatalogEntry entry = entry(BackupId.parse(id)).orElseThrow(() -> new BackupFailure(ErrorCode.BACKUP_NOT_FOUND,
                "No backup with id " + id + " in " + root));
        if (!entry.valid()) {
            throw invalid(entry);
        }
        return entry.manifest();
    }

    /** BACKUP_INVALID for an entry: never restored, validated or pruned; only an explicit forced delete. */
    public BackupFailure invalid(CatalogEntry entry) {
        return new BackupFailure(ErrorCode.BACKUP_INVALID, entry.id() + " is INVALID: " + entry.fileName() + ": "
                + entry.problem(), null, "It is never restored, validated or pruned. Inspect " + root.resolve(
                        entry.fileName()) + "; remove its files with: neo4j-backup delete " + entry.id() + " --force",
                null);
    }

    public boolean exists(BackupId id) {
        return Files.exists(manifestPath(id), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Makes a packaged backup visible: sidecar, then archive, then the manifest last (the manifest is
     * what makes it a backup), each fsynced, with atomic renames out of staging. Names come from the id. The
     * manifest is signed: this service made the backup.
     */
    public Path publish(Path stagedArchive, Manifest manifest) {
        return publish(stagedArchive, manifest, true);
    }

    /**
     * {@link #publish(Path, Manifest)}, signed or as it is: a fetched backup that its destination's copy did not
     * prove signed by this service keeps what it had (no signature, or one that does not verify).
     */
    public Path publish(Path stagedArchive, Manifest given, boolean sign) {
        Manifest manifest = sign ? signer.sign(given) : given;
        BackupId id = BackupId.parse(manifest.id());
        String archiveName = CatalogNames.archiveName(manifest);
        try {
            requireSafeStaging();
            Path workDir = stagedArchive.getParent();
            Path sidecar = workDir.resolve(CatalogNames.sidecarOf(archiveName));
            Files.writeString(sidecar, new ChecksumLine(manifest.sha256(), archiveName).format());
            for (Path file : List.of(stagedArchive, sidecar)) {
                SafeFiles.setMode(file, FILE_MODE);
                ArchivePacker.force(file);
            }
            Path archive = inside(archiveName);
            move(sidecar, inside(CatalogNames.sidecarOf(archiveName)));
            move(stagedArchive, archive);
            // last: the backup becomes visible only when its archive and sidecar are in place
            AtomicJsonFile.write(manifestPath(id), manifest);
            return archive;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + manifest.id(), e);
        }
    }

    /**
     * Rewrites a trusted manifest in place (e.g. after a validation), atomically: signed again when the file it
     * replaces is signed by this service, left as it was otherwise (a validation never signs what an operator did
     * not vouch for: {@link #sign}).
     */
    public void update(Manifest manifest) {
        BackupId id = BackupId.parse(manifest.id());
        requireSafeStaging();
        boolean signed = entry(id).map(CatalogEntry::trusted).orElse(false);
        AtomicJsonFile.write(manifestPath(id), signed ? signer.sign(manifest) : manifest);
    }

    /** Signs a manifest an operator vouches for ({@code validate --sign}) and writes it; returns it signed. */
    public Manifest sign(Manifest manifest) {
        BackupId id = BackupId.parse(manifest.id());
        requireSafeStaging();
        Manifest signed = signer.sign(manifest);
        AtomicJsonFile.write(manifestPath(id), signed);
        return signed;
    }

    /**
     * Deletes a trusted backup: the manifest first (so it stops being a backup at once), then archive and
     * sidecar, all named from its id. A link is removed as a link, its target is never touched.
     *
     * @return the bytes freed
     */
    public long delete(Manifest manifest) {
        BackupId id = BackupId.parse(manifest.id());
        String archive = CatalogNames.archiveName(manifest);
        return deleteFiles(id, List.of(manifestPath(id), inside(archive), inside(CatalogNames.sidecarOf(archive))));
    }

    /**
     * Deletes every file named from an entry's file-name id ({@code <id>.json}, both archive names and their
     * sidecars); what its (untrusted) manifest says is not used. For {@code delete --force} of an INVALID entry.
     *
     * @return the bytes freed
     */
    public long deleteEntry(CatalogEntry entry) {
        List<Path> files = new ArrayList<>();
        for (String name : namesOf(entry.id())) {
            files.add(inside(name));
        }
        return deleteFiles(entry.id(), files);
    }

    private long deleteFiles(BackupId id, List<Path> files) {
        try {
            long freed = 0;
            for (Path file : files) {
                BasicFileAttributes attributes = attributes(file);
                if (attributes != null) {
                    freed += attributes.isRegularFile() ? attributes.size() : 0;
                    Files.delete(file);
                }
            }
            SafeFiles.forceDirectory(root);
            return freed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + id, e);
        }
    }

    /**
     * Removes what a crash left in {@code .staging/}. Call only while holding the storage lock. A
     * {@code .staging} that is a symbolic link is not swept (that would empty its target): logged, 0.
     *
     * @return the number of entries removed
     */
    public int sweepStaging() {
        sweepManifestTemps();
        if (Files.isSymbolicLink(staging)) {
            log.error("STORAGE_UNSAFE: {} is a symbolic link (to {}); not swept. Remove the link: rm {}", staging,
                    linkTarget(staging), staging);
            return 0;
        }
        if (!Files.isDirectory(staging, LinkOption.NOFOLLOW_LINKS)) {
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

    /**
     * Removes the temp files of manifest writes that a crash interrupted (manifests are written under the storage
     * lock, so none is being written now). Links are removed as links.
     */
    private void sweepManifestTemps() {
        try (Stream<Path> files = Files.list(root)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (CatalogNames.isManifestTemp(file.getFileName().toString())) {
                    Files.deleteIfExists(file);
                    log.info("CLEANUP_LEFTOVERS: removed {}, an interrupted manifest write", file);
                }
            }
        } catch (NoSuchFileException e) {
            // no folder yet: nothing left over
        } catch (IOException e) {
            log.warn("Cannot sweep the temp files of {}: {}", root, e.getMessage());
        }
    }

    /** Archives and sidecars of ours with no manifest: left by a crash between renames. */
    public List<Path> orphans() {
        List<Path> orphans = new ArrayList<>();
        try (Stream<Path> files = Files.list(root)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Optional<BackupId> id = CatalogNames.idOfArchiveOrSidecar(file.getFileName().toString());
                if (id.isPresent() && !Files.exists(manifestPath(id.get()), LinkOption.NOFOLLOW_LINKS)) {
                    orphans.add(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return orphans;
    }

    // --- the listing and its cache -------------------------------------------------------------------------

    /** A directory scan: the entries, and which of our file names are regular files (not links). */
    private record Scan(List<CatalogEntry> entries, Set<String> regularFiles) {
    }

    /**
     * A manifest as parsed from one version of its file: the file key, size and modification time say when
     * it must be parsed again, so that 2,000 manifests are parsed once, not at every request.
     */
    private record Parsed(Object fileKey, long size, FileTime modified, Manifest manifest, String problem,
            Trust trust) {
        boolean sameFile(BasicFileAttributes attributes) {
            return Objects.equals(fileKey, attributes.fileKey()) && size == attributes.size()
                    && modified.equals(attributes.lastModifiedTime());
        }
    }

    private Scan scan() {
        Map<String, BasicFileAttributes> files = new HashMap<>();
        Map<String, BackupId> ids = new HashMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(root)) {
            for (Path file : stream) {
                String name = file.getFileName().toString();
                Optional<String> idPart = CatalogNames.idPartOfOurs(name);
                if (idPart.isEmpty()) {
                    continue;
                }
                // only manifests need their id parsed; archives and checksum files are looked up by name
                boolean manifest = CatalogNames.isManifest(name);
                Optional<BackupId> id = manifest ? BackupId.tryParse(idPart.get()) : Optional.empty();
                if (manifest && id.isEmpty()) {
                    continue;
                }
                BasicFileAttributes attributes = attributes(file);
                if (attributes == null) {
                    continue;
                }
                files.put(name, attributes);
                id.ifPresent(parsedId -> ids.put(idPart.get(), parsedId));
            }
        } catch (NoSuchFileException e) {
            return new Scan(List.of(), Set.of());
        } catch (IOException e) {
            throw new BackupFailure(ErrorCode.STORAGE_NOT_WRITABLE, "Cannot list the backup storage " + root + " ("
                    + e.getMessage() + ")", null, "Fix the permissions of BACKUP_STORAGE_PATH", e);
        }
        Instant now = clock.instant();
        List<CatalogEntry> entries = new ArrayList<>(ids.size());
        ids.forEach((base, id) -> entries.add(judge(base, id, files, now)));
        synchronized (parsed) {
            parsed.keySet().removeIf(name -> !files.containsKey(name));
            warned.keySet().removeIf(name -> !files.containsKey(name));
        }
        // BackupId compares by time then database, without formatting the id (formatting 2,000 ids per sort shows)
        entries.sort(Comparator.comparing(CatalogEntry::created).thenComparing(CatalogEntry::id));
        Set<String> regular = new HashSet<>();
        files.forEach((name, attributes) -> {
            if (attributes.isRegularFile()) {
                regular.add(name);
            }
        });
        return new Scan(entries, regular);
    }

    /** Judges the {@code <id>.json} among {@code files} (our names in the root, with their attributes). */
    private CatalogEntry judge(String base, BackupId id, Map<String, BasicFileAttributes> files, Instant now) {
        String name = base + CatalogNames.MANIFEST_SUFFIX;
        BasicFileAttributes attributes = files.get(name);
        Parsed result;
        if (attributes.isSymbolicLink()) {
            result = new Parsed(null, 0, attributes.lastModifiedTime(), null, "the manifest is a symbolic link (to "
                    + linkTarget(root.resolve(name)) + "); links in the storage folder are never followed", null);
        } else if (!attributes.isRegularFile()) {
            result = new Parsed(null, 0, attributes.lastModifiedTime(), null, "the manifest is not a regular file",
                    null);
        } else {
            result = parse(id, name, attributes);
        }
        String problem = result.problem();
        Manifest manifest = result.manifest();
        if (problem == null) {
            String archive = CatalogNames.archiveName(manifest);
            problem = linkProblem(archive, "archive", files);
            if (problem == null) {
                problem = linkProblem(CatalogNames.sidecarOf(archive), "checksum file", files);
            }
            if (problem == null) {
                problem = ManifestCheck.future(manifest, now);
            }
        }
        if (problem != null) {
            warnOnce(name, problem);
        } else if (result.trust().untrusted()) {
            warnOnce(name, UNTRUSTED + result.trust().reason());
        }
        return new CatalogEntry(id, manifest, problem, result.trust());
    }

    private String linkProblem(String name, String what, Map<String, BasicFileAttributes> files) {
        BasicFileAttributes attributes = files.get(name);
        if (attributes != null && attributes.isSymbolicLink()) {
            return "the " + what + " " + name + " is a symbolic link (to " + linkTarget(root.resolve(name))
                    + "); links in the storage folder are never followed";
        }
        return null;
    }

    /** The cached parse of this version of the file, or a fresh one (size-limited, schema-checked). */
    private Parsed parse(BackupId id, String name, BasicFileAttributes attributes) {
        synchronized (parsed) {
            Parsed cached = parsed.get(name);
            if (cached != null && cached.sameFile(attributes)) {
                return cached;
            }
        }
        Manifest manifest = null;
        String problem;
        Trust trust = null;
        if (attributes.size() > JsonCodec.MAX_BYTES) {
            problem = "the manifest is " + attributes.size() + " bytes, more than the " + JsonCodec.MAX_BYTES
                    + " bytes a manifest may have; not read";
        } else {
            try {
                JsonNode tree = JsonCodec.MAPPER.readTree(JsonCodec.readBounded(root.resolve(name),
                        JsonCodec.MAX_BYTES));
                // the signature is judged on the tree as read, before decode adjusts it; the manifest is bound from it
                trust = signer.verify(tree);
                ManifestCheck.Decoded decoded = ManifestCheck.decode(tree);
                manifest = decoded.manifest();
                problem = ManifestCheck.problem(id, decoded);
            } catch (IOException e) {
                problem = "unreadable: " + firstLine(e);
            } catch (RuntimeException e) {
                problem = "not a manifest: " + firstLine(e);
            }
        }
        Parsed fresh = new Parsed(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime(),
                problem == null ? manifest : null, problem, trust);
        synchronized (parsed) {
            parsed.put(name, fresh);
        }
        return fresh;
    }

    private static final String UNTRUSTED = "UNTRUSTED: ";

    /** One greppable line per bad file and reason, not one per listing (a scrape lists every 15 s). */
    private void warnOnce(String name, String problem) {
        synchronized (parsed) {
            if (problem.equals(warned.put(name, problem))) {
                return;
            }
        }
        if (problem.startsWith(UNTRUSTED)) {
            log.warn("MANIFEST_UNTRUSTED: {}: {}; never counted, pruned, uploaded or restored without --trust-unsigned",
                    root.resolve(name), problem.substring(UNTRUSTED.length()));
            return;
        }
        log.warn("MANIFEST_INVALID: {}: {}", root.resolve(name), problem);
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /** Our file names for one id: the manifest, both archive names and their sidecars. */
    private static List<String> namesOf(BackupId id) {
        List<String> names = new ArrayList<>();
        names.add(CatalogNames.manifestName(id));
        for (String archive : CatalogNames.archiveNames(id)) {
            names.add(archive);
            names.add(CatalogNames.sidecarOf(archive));
        }
        return names;
    }

    /** Attributes without following a link; null when the file does not exist. */
    private static BasicFileAttributes attributes(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
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
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
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
}
