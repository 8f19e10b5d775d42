package dev.neo4jbackup.neo4j;

import dev.neo4jbackup.domain.GraphStats;

import java.util.LinkedHashMap;
import java.util.Map;

import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/**
 * Reads what a database holds over Bolt: node and relationship counts (from the count store, cheap on
 * any size), per label and per relationship type, indexes and constraints, and the server version. The
 * service's own {@code (:BackupMetadata)} nodes ({@link GraphStats#METADATA_LABEL}) are left out.
 */
public class GraphStatsReader {

    private final Driver driver;

    public GraphStatsReader(Driver driver) {
        this.driver = driver;
    }

    public Neo4jVersion version() {
        try (var session = driver.session(SessionConfig.forDatabase("system"))) {
            // 5.26 lists one component, "Neo4j Kernel"; 2025.12.1 more than one (`.single()` failed)
            java.util.List<Record> rows = session.run("CALL dbms.components() YIELD name, versions, edition "
                    + "RETURN name, versions[0] AS v, edition").list();
            Record r = rows.stream().filter(row -> "Neo4j Kernel".equals(row.get("name").asString())).findFirst()
                    .orElseGet(() -> rows.get(0));
            return new Neo4jVersion(r.get("v").asString(), r.get("edition").asString());
        } catch (ServiceUnavailableException e) {
            throw unreachable(e);
        }
    }

    /** The stats of a database; `system` holds no user graph, so it gets counts of its own kind only. */
    public GraphStats read(String database) {
        try (var session = driver.session(SessionConfig.forDatabase(database))) {
            if ("system".equals(database)) {
                long users = session.run("SHOW USERS YIELD user RETURN count(*) AS c").single().get("c").asLong();
                long dbs = session.run("SHOW DATABASES YIELD name RETURN count(DISTINCT name) AS c").single()
                        .get("c").asLong();
                return new GraphStats(0, 0, Map.of("users", users, "databases", dbs), Map.of(), 0, 0);
            }
            // the service's own (:BackupMetadata) nodes are no data: both counts come from the count store
            long nodes = session.run("MATCH (n) RETURN count(n) AS c").single().get("c").asLong()
                    - session.run("MATCH (n:" + quote(GraphStats.METADATA_LABEL) + ") RETURN count(n) AS c").single()
                            .get("c").asLong();
            long rels = session.run("MATCH ()-[r]->() RETURN count(r) AS c").single().get("c").asLong();
            Map<String, Long> labels = new LinkedHashMap<>();
            for (String label : session.run("CALL db.labels() YIELD label RETURN label ORDER BY label").list(
                    r -> r.get("label").asString())) {
                if (GraphStats.METADATA_LABEL.equals(label)) {
                    continue;
                }
                labels.put(label, session.run("MATCH (n:" + quote(label) + ") RETURN count(n) AS c").single()
                        .get("c").asLong());
            }
            Map<String, Long> types = new LinkedHashMap<>();
            for (String type : session.run(
                    "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType ORDER BY 1").list(
                    r -> r.get("relationshipType").asString())) {
                types.put(type, session.run("MATCH ()-[r:" + quote(type) + "]->() RETURN count(r) AS c").single()
                        .get("c").asLong());
            }
            int indexes = session.run("SHOW INDEXES YIELD name RETURN count(*) AS c").single().get("c").asInt();
            int constraints = session.run("SHOW CONSTRAINTS YIELD name RETURN count(*) AS c").single().get("c")
                    .asInt();
            return new GraphStats(nodes, rels, labels, types, indexes, constraints);
        } catch (ServiceUnavailableException e) {
            throw unreachable(e);
        } catch (Neo4jException e) {
            if (e.code() != null && e.code().contains("DatabaseNotFound")) {
                throw new BackupFailure(ErrorCode.NEO4J_ADMIN_FAILED, "Database '" + database
                        + "' does not exist on the server (" + e.getMessage() + ")", null,
                        "Check backup.databases (BACKUP_DATABASES); SHOW DATABASES lists what the server has", e);
            }
            throw BackupFailure.of(ErrorCode.NEO4J_UNREACHABLE, "Reading graph stats of '" + database
                    + "' failed: " + e.getMessage(), e);
        }
    }

    /** Cypher identifier quoting: backticks, with a backtick in the name doubled. */
    static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    static BackupFailure unreachable(RuntimeException e) {
        return BackupFailure.of(ErrorCode.NEO4J_UNREACHABLE, "Cannot connect to Neo4j over Bolt: " + e.getMessage(),
                e);
    }

}
