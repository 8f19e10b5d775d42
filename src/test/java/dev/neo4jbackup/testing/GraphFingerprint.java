package dev.neo4jbackup.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;

import dev.neo4jbackup.domain.GraphStats;

/**
 * A content fingerprint of a whole database, independent of internal ids and of order: every node is
 * hashed from its sorted labels and properties, every relationship from its start node's hash, type,
 * properties and end node's hash; the sorted list of all hashes is hashed once more. Two databases with
 * the same fingerprint hold the same graph (up to nodes that are exact duplicates of each other). The
 * service's own {@code (:BackupMetadata)} nodes are left out, as every count leaves them out.
 */
public final class GraphFingerprint {

    private GraphFingerprint() {
    }

    public record Print(String hash, long nodes, long relationships) {
    }

    public static Print of(Driver driver) {
        try (var session = driver.session()) {
            Map<String, String> nodeHash = new HashMap<>();
            List<String> all = new ArrayList<>();
            // the service's own (:BackupMetadata) nodes are no data (GraphStats.METADATA_LABEL)
            for (Record r : session.run("MATCH (n) WHERE NOT n:" + GraphStats.METADATA_LABEL
                    + " RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props").list()) {
                List<String> labels = new ArrayList<>(r.get("labels").asList(Value::asString));
                labels.sort(null);
                String h = sha256("N" + labels + canonical(r.get("props")));
                nodeHash.put(r.get("id").asString(), h);
                all.add(h);
            }
            long rels = 0;
            for (Record r : session.run("MATCH (a)-[r]->(b) RETURN elementId(a) AS a, type(r) AS type, "
                    + "properties(r) AS props, elementId(b) AS b").list()) {
                all.add(sha256("R" + nodeHash.get(r.get("a").asString()) + r.get("type").asString()
                        + canonical(r.get("props")) + nodeHash.get(r.get("b").asString())));
                rels++;
            }
            all.sort(null);
            return new Print(sha256(String.join(",", all)), nodeHash.size(), rels);
        }
    }

    /** Properties as text with sorted keys and typed values (a date is not the string of a date). */
    static String canonical(Value props) {
        Map<String, String> sorted = new TreeMap<>();
        props.asMap(v -> v.type().name() + ":" + v.asObject()).forEach(sorted::put);
        return sorted.toString();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
