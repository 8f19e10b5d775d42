package dev.neo4jbackup.logical;

import org.neo4j.driver.Session;

import dev.neo4jbackup.domain.GraphStats;
import dev.neo4jbackup.neo4j.CountStore;

/** The counts per label and type from Neo4j's count store (cheap on any size): the export's before and after. */
final class Counts {

    private Counts() {
    }

    static GraphStats read(Session session) {
        CountStore.Counts counts = CountStore.read(session); // names as data, never query text
        return new GraphStats(counts.nodes(), counts.relationships(), counts.labels(), counts.types(), 0, 0);
    }
}
