package dev.neo4jbackup.neo4j;

/**
 * Which container stop mode docker stops: one by name (or id), or every container with a label
 * ({@code key=value} or just {@code key}, Docker's own filter syntax).
 */
public record DockerTarget(String container, String label) {

    public DockerTarget {
        if ((container == null) == (label == null)) {
            throw new IllegalArgumentException("exactly one of container and label");
        }
    }

    public static DockerTarget named(String container) {
        return new DockerTarget(container, null);
    }

    public static DockerTarget labelled(String label) {
        return new DockerTarget(null, label);
    }

    /** The property an operator fixes when the target is wrong. */
    String property() {
        return container != null ? "backup.neo4j.docker.container (BACKUP_NEO4J_DOCKER_CONTAINER)"
                : "backup.neo4j.docker.label (BACKUP_NEO4J_DOCKER_LABEL)";
    }

    @Override
    public String toString() {
        return container != null ? "named '" + container + "'" : "with label '" + label + "'";
    }
}
