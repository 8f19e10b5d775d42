package dev.neo4jbackup.restore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

import dev.neo4jbackup.domain.GraphStats;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.logical.ContentFingerprint;
import dev.neo4jbackup.logical.ExportOptions;
import dev.neo4jbackup.logical.LogicalExporter;
import dev.neo4jbackup.logical.LogicalImporter;

/**
 * The health checks after a logical restore: the dump restore's ({@link RestoreChecks}), compared like with
 * like (the manifest's graph is what the export wrote, its exclusions applied), plus {@code content_fingerprint}:
 * the restored database, read with the same exclusions, has the export's typed fingerprint. After a merge the
 * database may hold more than the backup: every count must be at least the backup's, and the fingerprint is
 * compared and reported (equal when the merge went into a graph that only lost data) without failing the restore
 * when the database holds more.
 */
final class LogicalChecks {

    static final String FINGERPRINT = "content_fingerprint";

    private LogicalChecks() {
    }

    static RestoreChecks.Outcome run(RestoreChecks checks, RestoreTarget target, String database, Manifest manifest,
            LogicalImporter.Mode mode, Consumer<RestoreChecks.Check> decided) {
        boolean merge = mode == LogicalImporter.Mode.MERGE;
        List<RestoreChecks.Check> all = new ArrayList<>();
        Consumer<RestoreChecks.Check> add = check -> {
            all.add(check);
            decided.accept(check);
        };
        // a logical backup always has its counts and fingerprint: without them every comparison fails, none skips
        String missing = ManifestNumbers.missing(manifest);
        RestoreChecks.Outcome base = checks.run(target, database, manifest.graph(), check -> {
            boolean compares = RestoreChecks.GRAPH_COUNTS.equals(check.name())
                    || RestoreChecks.SCHEMA.equals(check.name());
            if (compares && missing != null) {
                add.accept(new RestoreChecks.Check(check.name(), false, missing));
            } else if (!(merge && compares)) {
                add.accept(check);
            }
        });
        if (base.observed() == null) {
            return new RestoreChecks.Outcome(all, null);
        }
        if (merge && missing == null) {
            add.accept(atLeast(manifest.graph(), base.observed()));
            add.accept(schemaAtLeast(manifest.graph(), base.observed()));
        }
        add.accept(fingerprint(target, database, manifest, merge));
        return new RestoreChecks.Outcome(all, base.observed());
    }

    static RestoreChecks.Check atLeast(GraphStats expected, GraphStats observed) {
        if (expected == null) {
            return new RestoreChecks.Check(RestoreChecks.GRAPH_COUNTS, false, "the manifest has no graph stats, which "
                    + "every logical export records");
        }
        List<String> short_ = new ArrayList<>();
        below(short_, "nodes", expected.nodes(), observed.nodes());
        below(short_, "relationships", expected.relationships(), observed.relationships());
        belowMap(short_, "label", expected.labels(), observed.labels());
        belowMap(short_, "type", expected.relationshipTypes(), observed.relationshipTypes());
        boolean equal = expected.nodes() == observed.nodes() && expected.relationships() == observed.relationships()
                && expected.labels().equals(observed.labels()) && expected.relationshipTypes().equals(
                        observed.relationshipTypes());
        return short_.isEmpty() ? new RestoreChecks.Check(RestoreChecks.GRAPH_COUNTS, true, observed.nodes()
                + " nodes, " + observed.relationships() + " relationships: " + (equal ? "equal to the backup's "
                        + "(merge)" : "at least the backup's (merge)"))
                : new RestoreChecks.Check(RestoreChecks.GRAPH_COUNTS, false, "fewer than the backup after a merge: "
                        + String.join("; ", short_));
    }

    static RestoreChecks.Check schemaAtLeast(GraphStats expected, GraphStats observed) {
        if (expected == null) {
            return new RestoreChecks.Check(RestoreChecks.SCHEMA, false, "the manifest has no graph stats, which every "
                    + "logical export records");
        }
        if ((observed.indexes() < expected.indexes()
                || observed.constraints() < expected.constraints())) {
            return new RestoreChecks.Check(RestoreChecks.SCHEMA, false, "fewer than the backup after a merge: indexes "
                    + observed.indexes() + " of " + expected.indexes() + ", constraints " + observed.constraints()
                    + " of " + expected.constraints());
        }
        return new RestoreChecks.Check(RestoreChecks.SCHEMA, true, observed.indexes() + " indexes, "
                + observed.constraints() + " constraints: at least the backup's (merge)");
    }

    private static RestoreChecks.Check fingerprint(RestoreTarget target, String database, Manifest manifest,
            boolean merge) {
        Manifest.Logical facts = manifest.logical();
        if (facts == null || facts.fingerprint() == null || facts.fingerprint().isBlank()) {
            // every logical export records it: a manifest without it is refused, never passed by omission
            return new RestoreChecks.Check(FINGERPRINT, false, "the manifest has no content fingerprint, which every "
                    + "logical export records");
        }
        try {
            ContentFingerprint now = new LogicalExporter(target.driver()).fingerprint(database, new ExportOptions(
                    facts.excludeProperties(), facts.excludeLabels(), 20_000));
            if (merge) {
                // a merge into a graph that only lost data gives the backup's graph back; one that holds more differs
                return new RestoreChecks.Check(FINGERPRINT, true, now.value().equals(facts.fingerprint())
                        ? now.value() + " as exported: after the merge the database holds exactly the backup's graph"
                        : "differs from the backup's " + facts.fingerprint() + " (" + now.nodes() + " nodes, "
                                + now.relationships() + " relationships now against the backup's " + facts.nodes()
                                + " and " + facts.relationships() + "): the database holds data the backup does not "
                                + "(a merge keeps it)");
            }
            if (!now.value().equals(facts.fingerprint())) {
                return new RestoreChecks.Check(FINGERPRINT, false, "expected " + facts.fingerprint() + ", got "
                        + now.value() + " (" + now.nodes() + " nodes, " + now.relationships() + " relationships)");
            }
            return new RestoreChecks.Check(FINGERPRINT, true, now.value() + " as exported");
        } catch (RuntimeException e) {
            return new RestoreChecks.Check(FINGERPRINT, false, "the read failed: " + e.getMessage());
        }
    }

    private static void below(List<String> out, String what, long expected, long observed) {
        if (observed < expected) {
            out.add(what + ": backup " + expected + ", now " + observed);
        }
    }

    private static void belowMap(List<String> out, String what, Map<String, Long> expected, Map<String, Long> observed) {
        for (String key : new TreeSet<>(expected.keySet())) {
            below(out, what + " " + key, expected.get(key), observed.getOrDefault(key, 0L));
        }
    }
}
