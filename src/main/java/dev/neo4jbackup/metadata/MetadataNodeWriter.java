package dev.neo4jbackup.metadata;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.neo4j.driver.Driver;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.TransactionConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;

import dev.neo4jbackup.backup.BackupEvents;
import dev.neo4jbackup.domain.GraphStats;
import dev.neo4jbackup.domain.Manifest;

/**
 * {@code backup.metadata-node.enabled}: after each successful backup, one
 * {@code (:BackupMetadata {id, created, status, sha256, nodes, relationships})} in the backed-up database,
 * merged on {@code id} so that an event seen twice leaves one node. The counts are the backup's (which never
 * include these nodes: {@link GraphStats#METADATA_LABEL} is left out of every count and fingerprint).
 * <p>
 * The backup is already published when this runs: a failed write is logged ({@code METADATA_NODE_FAILED})
 * and counted ({@code neo4j_backup_metadata_node_failures_total}), and never turns the backup into a failure.
 * No constraint is created for the label: it would show in the schema counts a restore is checked against.
 */
public class MetadataNodeWriter {

    private static final Logger log = LoggerFactory.getLogger(MetadataNodeWriter.class);
    /** The run's events wait for this listener: a Neo4j that hangs must not hold the run for long. */
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(15);

    static final String MERGE = "MERGE (m:" + GraphStats.METADATA_LABEL + " {id: $id}) "
            + "SET m.created = datetime($created), m.status = $status, m.sha256 = $sha256, m.nodes = $nodes, "
            + "m.relationships = $relationships, m.database = $database, m.trigger = $trigger";

    private final Driver driver;
    private final Counter written;
    private final Counter failures;

    public MetadataNodeWriter(Driver driver, MeterRegistry meters) {
        this.driver = driver;
        this.written = Counter.builder("neo4j.backup.metadata.node.writes")
                .description("(:BackupMetadata) nodes written after successful backups").register(meters);
        this.failures = Counter.builder("neo4j.backup.metadata.node.failures")
                .description("(:BackupMetadata) writes that failed (the backups themselves stand)").register(meters);
    }

    @EventListener
    public void on(BackupEvents.BackupSucceeded event) {
        write(event.manifest());
    }

    /** @return whether the node was written; every failure is caught, logged and counted */
    public boolean write(Manifest manifest) {
        if ("system".equals(manifest.database())) {
            return false; // the system database holds no user nodes
        }
        try (var session = driver.session(SessionConfig.forDatabase(manifest.database()))) {
            session.executeWrite(tx -> tx.run(MERGE, parameters(manifest)).consume(),
                    TransactionConfig.builder().withTimeout(WRITE_TIMEOUT).build());
            written.increment();
            log.info("METADATA_NODE: (:{} {id: '{}'}) written to {}", GraphStats.METADATA_LABEL, manifest.id(),
                    manifest.database());
            return true;
        } catch (RuntimeException e) {
            failures.increment();
            log.warn("METADATA_NODE_FAILED: {} could not be written to {} ({}); the backup itself is complete",
                    manifest.id(), manifest.database(), e.getMessage());
            return false;
        }
    }

    static Map<String, Object> parameters(Manifest manifest) {
        GraphStats graph = manifest.graph();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", manifest.id());
        values.put("created", manifest.created().toString());
        values.put("status", manifest.status().name());
        values.put("sha256", manifest.sha256());
        values.put("nodes", graph == null ? null : graph.nodes());
        values.put("relationships", graph == null ? null : graph.relationships());
        values.put("database", manifest.database());
        values.put("trigger", manifest.trigger() == null ? null : manifest.trigger().name());
        return values;
    }
}
