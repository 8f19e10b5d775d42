package dev.neo4jbackup.domain;

import java.time.Instant;
import java.util.Map;

import dev.neo4jbackup.domain.Manifest.Anomaly;
import dev.neo4jbackup.domain.Manifest.Corruption;
import dev.neo4jbackup.domain.Manifest.Encryption;
import dev.neo4jbackup.domain.Manifest.Logical;
import dev.neo4jbackup.domain.Manifest.Signature;
import dev.neo4jbackup.domain.Manifest.Status;

/** Builds a manifest by the names of its components (main code never calls the 29-argument constructor). */
public final class ManifestBuilder {

    private String id;
    private String database;
    private Instant created;
    private Trigger trigger;
    private String reason;
    private Status status;
    private Compression compression;
    private String archive;
    private long rawBytes;
    private long storedBytes;
    private double ratio;
    private String sha256;
    private Map<String, Long> durationsMs;
    private long downtimeMs;
    private GraphStats graph;
    private String neo4jVersion;
    private String neo4jEdition;
    private String stopMode;
    private String toolVersion;
    private String host;
    private Instant validatedAt;
    private String validation;
    private Corruption corruption;
    private Encryption encryption;
    private String kind;
    private Logical logical;
    private String snapshot;
    private Anomaly anomaly;
    private Signature signature;

    ManifestBuilder() {
    }

    /** Every component of {@code from}, to change a few. */
    ManifestBuilder(Manifest from) {
        this.id = from.id();
        this.database = from.database();
        this.created = from.created();
        this.trigger = from.trigger();
        this.reason = from.reason();
        this.status = from.status();
        this.compression = from.compression();
        this.archive = from.archive();
        this.rawBytes = from.rawBytes();
        this.storedBytes = from.storedBytes();
        this.ratio = from.ratio();
        this.sha256 = from.sha256();
        this.durationsMs = from.durationsMs();
        this.downtimeMs = from.downtimeMs();
        this.graph = from.graph();
        this.neo4jVersion = from.neo4jVersion();
        this.neo4jEdition = from.neo4jEdition();
        this.stopMode = from.stopMode();
        this.toolVersion = from.toolVersion();
        this.host = from.host();
        this.validatedAt = from.validatedAt();
        this.validation = from.validation();
        this.corruption = from.corruption();
        this.encryption = from.encryption();
        this.kind = from.kind();
        this.logical = from.logical();
        this.snapshot = from.snapshot();
        this.anomaly = from.anomaly();
        this.signature = from.signature();
    }

    public ManifestBuilder id(String value) {
        this.id = value;
        return this;
    }

    public ManifestBuilder database(String value) {
        this.database = value;
        return this;
    }

    public ManifestBuilder created(Instant value) {
        this.created = value;
        return this;
    }

    public ManifestBuilder trigger(Trigger value) {
        this.trigger = value;
        return this;
    }

    public ManifestBuilder reason(String value) {
        this.reason = value;
        return this;
    }

    public ManifestBuilder status(Status value) {
        this.status = value;
        return this;
    }

    public ManifestBuilder compression(Compression value) {
        this.compression = value;
        return this;
    }

    public ManifestBuilder archive(String value) {
        this.archive = value;
        return this;
    }

    public ManifestBuilder rawBytes(long value) {
        this.rawBytes = value;
        return this;
    }

    public ManifestBuilder storedBytes(long value) {
        this.storedBytes = value;
        return this;
    }

    public ManifestBuilder ratio(double value) {
        this.ratio = value;
        return this;
    }

    public ManifestBuilder sha256(String value) {
        this.sha256 = value;
        return this;
    }

    public ManifestBuilder durationsMs(Map<String, Long> value) {
        this.durationsMs = value;
        return this;
    }

    public ManifestBuilder downtimeMs(long value) {
        this.downtimeMs = value;
        return this;
    }

    public ManifestBuilder graph(GraphStats value) {
        this.graph = value;
        return this;
    }

    public ManifestBuilder neo4jVersion(String value) {
        this.neo4jVersion = value;
        return this;
    }

    public ManifestBuilder neo4jEdition(String value) {
        this.neo4jEdition = value;
        return this;
    }

    public ManifestBuilder stopMode(String value) {
        this.stopMode = value;
        return this;
    }

    public ManifestBuilder toolVersion(String value) {
        this.toolVersion = value;
        return this;
    }

    public ManifestBuilder host(String value) {
        this.host = value;
        return this;
    }

    public ManifestBuilder validatedAt(Instant value) {
        this.validatedAt = value;
        return this;
    }

    public ManifestBuilder validation(String value) {
        this.validation = value;
        return this;
    }

    public ManifestBuilder corruption(Corruption value) {
        this.corruption = value;
        return this;
    }

    public ManifestBuilder encryption(Encryption value) {
        this.encryption = value;
        return this;
    }

    public ManifestBuilder kind(String value) {
        this.kind = value;
        return this;
    }

    public ManifestBuilder logical(Logical value) {
        this.logical = value;
        return this;
    }

    public ManifestBuilder snapshot(String value) {
        this.snapshot = value;
        return this;
    }

    public ManifestBuilder anomaly(Anomaly value) {
        this.anomaly = value;
        return this;
    }

    public ManifestBuilder signature(Signature value) {
        this.signature = value;
        return this;
    }

    /** {@link Kind#id()} of {@code value}; null: no kind (a manifest written before there were kinds). */
    public ManifestBuilder kind(Kind value) {
        return kind(value == null ? null : value.id());
    }

    public Manifest build() {
        return new Manifest(id, database, created, trigger, reason, status, compression, archive, rawBytes, storedBytes,
                ratio, sha256, durationsMs, downtimeMs, graph, neo4jVersion, neo4jEdition, stopMode, toolVersion, host,
                validatedAt, validation, corruption, encryption, kind, logical, snapshot, anomaly, signature);
    }
}
