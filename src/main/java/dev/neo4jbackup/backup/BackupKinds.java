package dev.neo4jbackup.backup;

import dev.neo4jbackup.domain.Kind;

/**
 * Builds the {@link BackupKind} for a {@link Kind}: the configured one ({@code backup.kind}) and the one a
 * request names ({@code create --kind logical}); {@link BackupConfiguration#kinds} is the service's.
 */
@FunctionalInterface
public interface BackupKinds {

    BackupKind of(Kind kind);
}
