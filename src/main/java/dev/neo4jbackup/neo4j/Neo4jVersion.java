package dev.neo4jbackup.neo4j;

/** What `dbms.components()` says of the server. */
public record Neo4jVersion(String version, String edition) {

    public boolean enterprise() {
        return "enterprise".equalsIgnoreCase(edition);
    }
}
