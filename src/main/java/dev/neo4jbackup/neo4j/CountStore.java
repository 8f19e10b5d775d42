package dev.neo4jbackup.neo4j;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.neo4j.driver.QueryRunner;
import org.neo4j.driver.Value;
import org.neo4j.driver.exceptions.ClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node and relationship counts, per label and per relationship type, with every name as data. The count store
 * answers {@code MATCH (n:Person) RETURN count(n)} at once, but only for a label written into the query;
 * {@code MATCH (n:$($label))} scans every node (5.26 plans an AllNodesScan). {@code db.stats.retrieve('GRAPH
 * COUNTS')} hands the count store over as data, names included, in one call. It is an admin procedure: a
 * user who may not call it gets the same numbers from {@link #scan}, one parameterised scan per name (linear
 * in the graph's size, said once in the log).
 */
public final class CountStore {

    private static final Logger log = LoggerFactory.getLogger(CountStore.class);

    /** The counts; labels and types that no node or relationship carries any more are left out. */
    public record Counts(long nodes, long relationships, Map<String, Long> labels, Map<String, Long> types) {
        public Counts {
            labels = new TreeMap<>(labels);
            types = new TreeMap<>(types);
        }
    }

    private CountStore() {
    }

    public static Counts read(QueryRunner session) {
        try {
            return fromStatistics(session);
        } catch (ClientException e) {
            if (!refused(e)) {
                throw e;
            }
            log.info("COUNTS_BY_SCAN: db.stats.retrieve is not allowed for this user ({}); counting each label and "
                    + "type by a scan instead", e.code());
            return scan(session);
        }
    }

    /** The count store's section of {@code db.stats.retrieve}: one row, every label and type as data. */
    static Counts fromStatistics(QueryRunner session) {
        Value data = session.run("CALL db.stats.retrieve('GRAPH COUNTS') YIELD data RETURN data").single().get("data");
        long nodes = 0;
        Map<String, Long> labels = new TreeMap<>();
        for (Value entry : data.get("nodes").values()) {
            long count = entry.get("count").asLong();
            if (entry.get("label").isNull()) {
                nodes = count;
            } else if (count > 0) {
                labels.put(entry.get("label").asString(), count);
            }
        }
        long relationships = 0;
        Map<String, Long> types = new TreeMap<>();
        for (Value entry : data.get("relationships").values()) {
            long count = entry.get("count").asLong();
            boolean byLabel = !entry.get("startLabel").isNull() || !entry.get("endLabel").isNull();
            if (byLabel) {
                continue;
            }
            if (entry.get("relationshipType").isNull()) {
                relationships = count;
            } else if (count > 0) {
                types.put(entry.get("relationshipType").asString(), count);
            }
        }
        return new Counts(nodes, relationships, labels, types);
    }

    /** The same numbers without the admin procedure: the names as parameters, one scan each. */
    static Counts scan(QueryRunner session) {
        long nodes = session.run("MATCH (n) RETURN count(n) AS c").single().get("c").asLong();
        long relationships = session.run("MATCH ()-[r]->() RETURN count(r) AS c").single().get("c").asLong();
        Map<String, Long> labels = new TreeMap<>();
        List<String> labelNames = session.run("CALL db.labels() YIELD label RETURN label").list(
                r -> r.get("label").asString());
        for (String label : labelNames) {
            labels.put(label, session.run("MATCH (n:$($label)) RETURN count(n) AS c", Map.of("label", label))
                    .single().get("c").asLong());
        }
        Map<String, Long> types = new TreeMap<>();
        List<String> typeNames = session.run("CALL db.relationshipTypes() YIELD relationshipType AS t RETURN t")
                .list(r -> r.get("t").asString());
        for (String type : typeNames) {
            types.put(type, session.run("MATCH ()-[r:$($type)]->() RETURN count(r) AS c", Map.of("type", type))
                    .single().get("c").asLong());
        }
        labels.values().removeIf(c -> c == 0);
        types.values().removeIf(c -> c == 0);
        return new Counts(nodes, relationships, labels, types);
    }

    /** A user without the admin procedure (Enterprise role-based access), or a server without it. */
    private static boolean refused(ClientException e) {
        String code = String.valueOf(e.code());
        return code.startsWith("Neo.ClientError.Security.") || code.equals("Neo.ClientError.Procedure.ProcedureNotFound");
    }
}
