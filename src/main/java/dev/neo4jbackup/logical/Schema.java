package dev.neo4jbackup.logical;

import java.util.List;

import org.neo4j.driver.Session;

/**
 * The schema as Neo4j writes it back: every constraint's and every other index's create statement
 * ({@code SHOW CONSTRAINTS} / {@code SHOW INDEXES}, {@code createStatement}). An index that backs a
 * constraint comes with its constraint; the import's own temporary index is never part of it.
 *
 * @param indexCount every index, those of the constraints included (what {@code SHOW INDEXES} counts)
 */
record Schema(List<String> constraints, List<String> indexes, int indexCount) {

    static Schema read(Session session) {
        List<String> constraints = session.run("SHOW CONSTRAINTS YIELD name, createStatement "
                + "RETURN createStatement ORDER BY name").list(r -> r.get("createStatement").asString());
        List<String> indexes = session.run("SHOW INDEXES YIELD name, owningConstraint, createStatement "
                + "WHERE owningConstraint IS NULL AND name <> $temp RETURN createStatement ORDER BY name",
                java.util.Map.of("temp", LogicalImporter.IMPORT_INDEX)).list(r -> r.get("createStatement").asString());
        int count = session.run("SHOW INDEXES YIELD name WHERE name <> $temp RETURN count(*) AS c",
                java.util.Map.of("temp", LogicalImporter.IMPORT_INDEX)).single().get("c").asInt();
        return new Schema(constraints, indexes, count);
    }

    /** {@code CREATE INDEX x FOR ...} as {@code CREATE INDEX x IF NOT EXISTS FOR ...}: an equal one is kept. */
    static String ifNotExists(String createStatement) {
        if (createStatement.contains(" IF NOT EXISTS ")) {
            return createStatement;
        }
        int forAt = createStatement.indexOf(" FOR ");
        return forAt < 0 ? createStatement : createStatement.substring(0, forAt) + " IF NOT EXISTS"
                + createStatement.substring(forAt);
    }
}
