package dev.neo4jbackup.domain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The record of one backup, written as {@code <id>.json} beside its archive. The files are the
 * catalogue: listing, retention, restore checks and metrics all read these.
 *
 * @param status      COMPLETE after a verified run, VALIDATED after a later validation passed
 * @param rawBytes    the neo4j-admin dump (itself Zstandard-compressed by Neo4j)
 * @param storedBytes the archive on disk
 * @param durationsMs per stage, in run order (preflight, stop, dump, start, package, verify, total)
 * @param downtimeMs  from the stop until Neo4j answered Bolt again (0 in stop mode none)
 * @param corruption  set when a checksum mismatch was found; status is then CORRUPTED
 * @param encryption  set when the archive is encrypted with age; null for a plain archive
 * @param kind        {@link Kind#id()}: {@code dump} or {@code logical}; null in manifests written before there were
 *                    kinds (a dump). Kept as written: a manifest is input, read whatever it says
 * @param logical     what a logical export saw (consistency evidence, exclusions, fingerprint); null for a dump
 * @param anomaly     set when the backup was much smaller than the previous successful one (BACKUP_ANOMALY)
 * @param snapshot    {@code copy} or {@code command} when the dump read a snapshot taken while Neo4j was stopped
 *                    (downtime = stop + copy + start); null when the dump ran while Neo4j was stopped, and in
 *                    manifests written before snapshots existed
 * @param signature   the service's signature over everything else in the file (docs/signing.md); null in a
 *                    manifest written before signing existed, or by hand
 */
public record Manifest(
        String id,
        String database,
        Instant created,
        Trigger trigger,
        String reason,
        Status status,
        Compression compression,
        String archive,
        long rawBytes,
        long storedBytes,
        double ratio,
        String sha256,
        Map<String, Long> durationsMs,
        long downtimeMs,
        GraphStats graph,
        String neo4jVersion,
        String neo4jEdition,
        String stopMode,
        String toolVersion,
        String host,
        Instant validatedAt,
        String validation,
        Corruption corruption,
        Encryption encryption,
        String kind,
        Logical logical,
        String snapshot,
        Anomaly anomaly,
        Signature signature) {

    /** {@link Kind#DUMP}, as the file writes it. */
    public static final String DUMP = Kind.DUMP.id();
    /** {@link Kind#LOGICAL}, as the file writes it. */
    public static final String LOGICAL = Kind.LOGICAL.id();

    /**
     * A backup much smaller than the previous successful one of its database and kind (BACKUP_ANOMALY): kept, and
     * flagged here, in {@code list} and by the alert.
     *
     * @param previousId the backup it was compared with
     * @param measures   what fell by more than the threshold: {@code nodes}, {@code relationships},
     *                   {@code stored_bytes}
     * @param threshold  backup.anomaly.threshold at the time
     * @param reason     the numbers, e.g. "nodes 12 (was 10000, down 99.9 %) since neo4j-..."
     */
    public record Anomaly(String previousId, List<String> measures, double threshold, String reason) {
        public Anomaly {
            measures = measures == null ? List.of() : List.copyOf(measures);
        }
    }

    /** This manifest flagged with {@code value}. */
    public Manifest withAnomaly(Anomaly value) {
        return toBuilder().anomaly(value).build();
    }

    /**
     * What a logical export over Bolt saw. A live export can see concurrent writes: {@code consistent} is
     * true only when the last committed transaction and the counts were the same before and after it.
     *
     * @param txBefore          the last committed transaction before the export (as Neo4j reports it)
     * @param countsBefore      the counts per label and type before the export
     * @param excludeProperties {@code backup.logical.exclude-properties} as applied ({@code key} or {@code Label.key})
     * @param excludeLabels     {@code backup.logical.exclude-labels} as applied (plus the metadata label)
     * @param fingerprint       the typed, order-independent content fingerprint of what was exported
     */
    public record Logical(boolean consistent, String evidence, String txBefore, String txAfter,
            GraphStats countsBefore, GraphStats countsAfter, List<String> excludeProperties,
            List<String> excludeLabels, long nodes, long relationships, String fingerprint) {
        public Logical {
            excludeProperties = excludeProperties == null ? List.of() : List.copyOf(excludeProperties);
            excludeLabels = excludeLabels == null ? List.of() : List.copyOf(excludeLabels);
        }
    }

    /** True for a logical export (JSON lines over Bolt), false for a dump (also a manifest without a kind). */
    public boolean logicalExport() { // not isLogical(): Jackson would write it as a second "logical"
        return LOGICAL.equals(kind);
    }

    /** What a backup is now; written to the file by name. */
    public enum Status {
        /** Written by a run whose archive passed its checksum re-read. */
        COMPLETE,
        /** A later validation (checksum, or Neo4j's consistency check) passed. */
        VALIDATED,
        /** A checksum mismatch was seen (by validate, restore or a drill): remembered, never trusted again. */
        CORRUPTED,
        /** A partial backup that retention may clean up. */
        FAILED;

        /** @return the status of that exact name, or empty (a manifest file is input: no exception) */
        public static Optional<Status> of(String name) {
            for (Status status : values()) {
                if (status.name().equals(name)) {
                    return Optional.of(status);
                }
            }
            return Optional.empty();
        }

        /** COMPLETE or VALIDATED: a backup that counts as a success and may be restored. */
        public boolean success() {
            return this == COMPLETE || this == VALIDATED;
        }
    }

    /**
     * The service's HMAC over the manifest's canonical JSON without this field (signing.ManifestSigner).
     *
     * @param algorithm {@code HMAC-SHA256}
     * @param keyId     which of the service's keys made it (never the key)
     * @param value     the MAC, base64
     */
    public record Signature(String algorithm, String keyId, String value) {
    }

    /** The same manifest with another signature (null: unsigned). */
    public Manifest withSignature(Signature value) {
        return toBuilder().signature(value).build();
    }

    /** What a failed checksum check found, and when and by what. */
    public record Corruption(Instant at, String expected, String got, String foundBy) {
    }

    /**
     * How the archive is encrypted. {@code sha256} of the manifest (and the sidecar) is the ciphertext's, so
     * that it is checked without a key; this is what the key opens.
     *
     * @param format                "age" (the stock {@code age -d} opens the archive)
     * @param plaintextSha256       SHA-256 of the compressed dump inside (what {@code age -d} prints)
     * @param recipientFingerprints {@link AgeRecipient#fingerprint()} of each key it was encrypted to
     */
    public record Encryption(String format, String plaintextSha256, List<String> recipientFingerprints) {
        public static final String AGE = "age";

        public Encryption {
            recipientFingerprints = recipientFingerprints == null ? List.of()
                    : List.copyOf(recipientFingerprints);
        }
    }

    public boolean encrypted() {
        return encryption != null;
    }

    public Manifest {
        durationsMs = durationsMs == null ? Map.of() : new LinkedHashMap<>(durationsMs);
    }

    public long durationMs() {
        return durationsMs.getOrDefault("total", 0L);
    }

    public Manifest validated(Instant at, String how) {
        return toBuilder().status(Status.VALIDATED).validatedAt(at).validation(how).build();
    }

    public Manifest corrupted(Instant at, String expected, String got, String foundBy) {
        return toBuilder().status(Status.CORRUPTED).corruption(new Corruption(at, expected, got, foundBy))
                .build();
    }

    /** An empty builder: what a component is not given stays null, 0 or empty. */
    public static ManifestBuilder builder() {
        return new ManifestBuilder();
    }

    /** A builder holding every component of this manifest, to change a few. */
    public ManifestBuilder toBuilder() {
        return new ManifestBuilder(this);
    }
}
