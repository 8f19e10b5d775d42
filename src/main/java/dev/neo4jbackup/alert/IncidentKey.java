package dev.neo4jbackup.alert;

/** One incident at a time per kind and database ("*" for Neo4j and the storage, shared by all databases). */
record IncidentKey(AlertType.Incidents kind, String database) {

    static final String ALL = "*";

    @Override
    public String toString() {
        return kind + "/" + database;
    }
}
