package dev.neo4jbackup.logical;

import java.util.LinkedHashMap;
import java.util.Map;

import org.neo4j.driver.Session;

import dev.neo4jbackup.domain.GraphStats;

/** The counts per label and type from Neo4j's count store (cheap on any size): the export's before and after. */
final class Counts {

    private Counts() {
    }

    static GraphStats read(Session session) {
        long nodes = session.run("MATCH (n) RETURN count(n) AS c").single().get("c").asLong();
        long rels = session.run("MATCH ()-[r]->() RETURN count(r) AS c").single().get("c").asLong();
        Map<String, Long> labels = new LinkedHashMap<>();
        for (String label : session.run("CALL db.labels() YIELD label RETURN label").list(r -> r.get("label")
                .asString())) {
            labels.put(label, session.run("MATCH (n:" + LogicalExporter.quote(label) + ") RETURN count(n) AS c")
                    .single().get("c").asLong());
        }
        Map<String, Long> types = new LinkedHashMap<>();
        for (String type : session.run("CALL db.relationshipTypes() YIELD relationshipType AS t RETURN t").list(
                r -> r.get("t").asString())) {
            types.put(type, session.run("MATCH ()-[r:" + LogicalExporter.quote(type) + "]->() RETURN count(r) AS c")
                    .single().get("c").asLong());
        }
        return new GraphStats(nodes, rels, labels, types, 0, 0);
    }
}
