package dev.neo4jbackup.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code backup.metadata-node.*}: an operator contract, opt-in. After each successful backup one
 * {@code (:BackupMetadata {id, created, status, sha256, nodes, relationships})} node is merged into the
 * backed-up database, so that an application can read over Bolt when it was last backed up.
 */
@ConfigurationProperties("backup.metadata-node")
public record MetadataNodeProperties(@DefaultValue("false") boolean enabled) {
}
