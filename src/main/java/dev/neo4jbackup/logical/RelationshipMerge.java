package dev.neo4jbackup.logical;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import dev.neo4jbackup.neo4j.CypherNames;

/**
 * A merge of relationships: a relationship of the file is one the database already holds when the two nodes it
 * joins were matched, and one of their relationships has the same type and the same properties (a
 * {@value LogicalImporter#MERGE_KEY} an older merge left is not a property for this). Only those the database does
 * not hold are created, so that a merge into a graph that lost part of its data restores exactly what was lost,
 * and merging twice is merging once. Parallel equal relationships count: the n-th equal one of the file (in the
 * order of the file, whose relationships come in the order of their start node) is created only when the database
 * holds fewer than n.
 */
final class RelationshipMerge {

    private static final String IMPORT_LABEL = LogicalImporter.IMPORT_LABEL;
    private static final String IMPORT_ID = LogicalImporter.IMPORT_ID;

    /**
     * Equal properties, both ways; the n-th equal one is created when fewer are there. A relationship whose nodes
     * were not written drops out at the MATCH and is missing from the count.
     */
    private static final String MERGE = "UNWIND $rows AS row MATCH (a:" + IMPORT_LABEL + " {" + IMPORT_ID + ": row.s}) "
            + "MATCH (b:" + IMPORT_LABEL + " {" + IMPORT_ID + ": row.e}) "
            + "OPTIONAL MATCH (a)-[old:$($type)]->(b) WHERE all(k IN keys(old) WHERE k = '" + LogicalImporter.MERGE_KEY
            + "' OR old[k] = row.props[k]) AND all(k IN keys(row.props) WHERE old[k] = row.props[k]) "
            + "WITH row, a, b, count(old) AS same "
            + "FOREACH (_ IN CASE WHEN same <= row.nth THEN [1] ELSE [] END | CREATE (a)-[r:$($type)]->(b) SET r = row.props) "
            + "RETURN count(*) AS c";

    private RelationshipMerge() {
    }

    /**
     * The type written in through the one quoting function when it takes it: with {@code $($type)} 5.26 plans the
     * expansion on statistics that ignore the type, and while the database holds few relationships it scans all of
     * them for each row (measured: 15 s for the first 1,700 rows into an empty database, 0.5 s with the type written
     * in). A type the quoting function refuses keeps the parameter: slower on that first batch, never wrong.
     */
    static String query(String type) {
        return CypherNames.problem(type).isEmpty() ? MERGE.replace(":$($type)", ":" + CypherNames.quote(type)) : MERGE;
    }

    /** Which equal relationship of its start node this one is (0 for the first): the count starts again per node. */
    static final class Occurrences {
        private String start;
        private final Map<String, Integer> seen = new HashMap<>();

        int next(String startId, String endId, Map<String, Object> props) {
            if (!startId.equals(start)) {
                start = startId;
                seen.clear();
            }
            return seen.merge(endId + "\u0000" + canonical(props), 1, Integer::sum) - 1;
        }

        private static String canonical(Map<String, Object> props) {
            Map<String, String> sorted = new TreeMap<>();
            props.forEach((k, v) -> sorted.put(k, v instanceof byte[] b ? "bytes:" + Arrays.toString(b)
                    : v == null ? "null" : v.getClass().getSimpleName() + ":" + v));
            return sorted.toString();
        }
    }
}
