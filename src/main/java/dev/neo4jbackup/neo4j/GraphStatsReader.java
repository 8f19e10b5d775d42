package dev.neo4jbackup.neo4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;

import dev.neo4jbackup.domain.GraphStats;
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
            List<Record> rows = session.run("CALL dbms.components() YIELD name, versions, edition "
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
            // the service's own (:BackupMetadata) nodes are no data; every name comes back as data (CountStore)
            CountStore.Counts counts = CountStore.read(session);
            Map<String, Long> labels = new LinkedHashMap<>(counts.labels());
            Long metadata = labels.remove(GraphStats.METADATA_LABEL);
            long nodes = counts.nodes() - (metadata == null ? 0 : metadata);
            long rels = counts.relationships();
            Map<String, Long> types = counts.types();
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

    static BackupFailure unreachable(RuntimeException e) {
        return BackupFailure.of(ErrorCode.NEO4J_UNREACHABLE, "Cannot connect to Neo4j over Bolt: " + e.getMessage(),
                e);
    }

}
