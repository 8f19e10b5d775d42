package dev.neo4jbackup.restore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.neo4j.driver.SessionConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.domain.GraphStats;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;

/**
 * The health checks after a load (connectivity, graph_counts, schema_consistency, orphan_detection), each PASS or FAIL with the numbers:
 * <ul>
 * <li>connectivity: the database answers a query over Bolt;</li>
 * <li>graph_counts: nodes, relationships, per label and per relationship type equal to the manifest
 * (read over Bolt before the backup's dump);</li>
 * <li>schema_consistency: as many indexes and constraints as the manifest, every index ONLINE;</li>
 * <li>orphan_detection: every relationship the count store knows is reachable from both its nodes.</li>
 * </ul>
 */
public class RestoreChecks {

    private static final Logger log = LoggerFactory.getLogger(RestoreChecks.class);

    public static final String CONNECTIVITY = "connectivity";
    public static final String GRAPH_COUNTS = "graph_counts";
    public static final String SCHEMA = "schema_consistency";
    public static final String ORPHANS = "orphan_detection";

    public record Check(String name, boolean passed, String detail) {
        /** The line an operator greps for: "Health check: connectivity ... PASS". */
        public String line() {
            return "Health check: " + name + " ... " + (passed ? "PASS" : "FAIL") + (detail == null ? ""
                    : " (" + detail + ")");
        }
    }

    /** The checks' results and what the restored database holds. */
    public record Outcome(List<Check> checks, GraphStats observed) {
        public boolean passed() {
            return checks.stream().allMatch(Check::passed);
        }

        public Optional<Check> firstFailed() {
            return checks.stream().filter(c -> !c.passed()).findFirst();
        }

    }

    private final Duration indexTimeout;

    public RestoreChecks(Duration indexTimeout) {
        this.indexTimeout = indexTimeout;
    }

    /** @param expected the manifest's graph; null (stop mode none without Bolt) skips the comparisons */
    public Outcome run(RestoreTarget target, String database, GraphStats expected) {
        return run(target, database, expected, check -> { });
    }

    /**
     * The checks of a dump against its manifest. Only a dump that never had graph stats skips the comparisons:
     * one taken in stop mode none while Bolt did not answer, or a bundled initial dump without a manifest of its
     * own. Any other dump's manifest without them fails graph_counts and schema_consistency: a check is never
     * passed by leaving its numbers out.
     */
    Outcome run(RestoreTarget target, String database, Manifest manifest,
            Consumer<Check> decided) {
        if (manifest.graph() != null || neverHadStats(manifest)) {
            return run(target, database, manifest.graph(), decided);
        }
        String missing = "the manifest of " + manifest.id() + " has no graph stats, which a dump taken with Neo4j "
                + "answering over Bolt always records (stop mode " + manifest.stopMode() + ")";
        return run(target, database, null, missing, decided);
    }

    /** Stop mode none without Bolt, or a bundled initial dump: the kinds of dump that have no graph stats. */
    static boolean neverHadStats(Manifest manifest) {
        return "none".equals(manifest.stopMode()) || manifest.trigger() == Trigger.INITIAL;
    }

    /** @param decided told each check as soon as it is decided (a restore shows them as they come) */
    public Outcome run(RestoreTarget target, String database, GraphStats expected,
            Consumer<Check> decided) {
        return run(target, database, expected, null, decided);
    }

    /** @param missing why {@code expected} is null when that is a failure; null when its absence is a skip */
    private Outcome run(RestoreTarget target, String database, GraphStats expected, String missing,
            Consumer<Check> decided) {
        List<Check> checks = new ArrayList<>();
        Consumer<Check> add = check -> {
            checks.add(check);
            decided.accept(check);
        };
        if (!target.probe().answers(database)) {
            add.accept(new Check(CONNECTIVITY, false, "database '" + database + "' on " + target.name()
                    + " does not answer over Bolt"));
            return log(new Outcome(checks, null));
        }
        add.accept(new Check(CONNECTIVITY, true, null));
        String indexProblem = awaitIndexes(target, database);
        GraphStats observed = target.stats().read(database);
        add.accept(missing != null ? new Check(GRAPH_COUNTS, false, missing) : counts(expected, observed));
        add.accept(missing != null ? new Check(SCHEMA, false, missing) : schema(expected, observed, indexProblem));
        add.accept(orphans(target, database, observed));
        return log(new Outcome(checks, observed));
    }

    private static Outcome log(Outcome outcome) {
        for (Check check : outcome.checks()) {
            if (check.passed()) {
                log.info("{}", check.line());
            } else {
                log.error("{}", check.line());
            }
        }
        return outcome;
    }

    static Check counts(GraphStats expected, GraphStats observed) {
        if (expected == null) {
            return new Check(GRAPH_COUNTS, true, "skipped: the manifest has no graph stats; restored: "
                    + observed.nodes() + " nodes, " + observed.relationships() + " relationships");
        }
        List<String> differences = new ArrayList<>();
        compare(differences, "nodes", expected.nodes(), observed.nodes());
        compare(differences, "relationships", expected.relationships(), observed.relationships());
        compareMaps(differences, "label", expected.labels(), observed.labels());
        compareMaps(differences, "type", expected.relationshipTypes(), observed.relationshipTypes());
        if (!differences.isEmpty()) {
            return new Check(GRAPH_COUNTS, false, String.join("; ", differences));
        }
        return new Check(GRAPH_COUNTS, true, observed.nodes() + " nodes, " + observed.relationships()
                + " relationships, " + observed.labels().size() + " labels as in the manifest");
    }

    static Check schema(GraphStats expected, GraphStats observed, String indexProblem) {
        List<String> differences = new ArrayList<>();
        if (expected != null) {
            compare(differences, "indexes", expected.indexes(), observed.indexes());
            compare(differences, "constraints", expected.constraints(), observed.constraints());
        }
        if (indexProblem != null) {
            differences.add(indexProblem);
        }
        if (!differences.isEmpty()) {
            return new Check(SCHEMA, false, String.join("; ", differences));
        }
        return new Check(SCHEMA, true, observed.indexes() + " indexes online, " + observed.constraints()
                + " constraints");
    }

    /** Null when every index is ONLINE after waiting for population; the problem otherwise. */
    private String awaitIndexes(RestoreTarget target, String database) {
        if ("system".equals(database)) {
            return null;
        }
        try (var session = target.driver().session(SessionConfig.forDatabase(database))) {
            try {
                session.run("CALL db.awaitIndexes($seconds)", Map.of("seconds", indexTimeout.toSeconds())).consume();
            } catch (RuntimeException e) {
                log.warn("Indexes not online within {} s: {}", indexTimeout.toSeconds(), e.getMessage());
            }
            List<String> notOnline = session.run("SHOW INDEXES YIELD name, state WHERE state <> 'ONLINE' "
                    + "RETURN name + ' ' + state AS s ORDER BY s").list(r -> r.get("s").asString());
            return notOnline.isEmpty() ? null : "indexes not online: " + String.join(", ", notOnline);
        }
    }

    /**
     * Relationships the count store counts but a scan cannot reach from a start and an end node: the
     * store is damaged. The scan reads every relationship, linear in the graph's size.
     */
    private static Check orphans(RestoreTarget target, String database, GraphStats observed) {
        if ("system".equals(database)) {
            return new Check(ORPHANS, true, "not applicable to system");
        }
        try (var session = target.driver().session(SessionConfig.forDatabase(database))) {
            long reachable = session.run("MATCH (a)-[r]->(b) WHERE elementId(a) IS NOT NULL AND elementId(b) IS NOT NULL "
                    + "RETURN count(r) AS c").single().get("c").asLong();
            long orphaned = observed.relationships() - reachable;
            if (orphaned != 0) {
                return new Check(ORPHANS, false, "Found " + orphaned + " orphaned relationships");
            }
            return new Check(ORPHANS, true, "0 orphaned relationships of " + reachable);
        } catch (RuntimeException e) {
            return new Check(ORPHANS, false, "the scan failed: " + e.getMessage());
        }
    }

    private static void compare(List<String> differences, String what, long expected, long observed) {
        if (expected != observed) {
            differences.add(what + ": expected " + expected + ", got " + observed);
        }
    }

    private static void compareMaps(List<String> differences, String what, Map<String, Long> expected,
            Map<String, Long> observed) {
        for (String key : new TreeSet<>(union(expected, observed))) {
            long e = expected.getOrDefault(key, 0L);
            long o = observed.getOrDefault(key, 0L);
            if (e != o) {
                differences.add(what + " " + key + ": expected " + e + ", got " + o);
            }
        }
    }

    private static Set<String> union(Map<String, Long> a, Map<String, Long> b) {
        Set<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }
}
