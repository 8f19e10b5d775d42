package dev.neo4jbackup.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.format.Durations;
import dev.neo4jbackup.retention.Decision;
import dev.neo4jbackup.retention.RetentionPlan;
import dev.neo4jbackup.signing.Trust;

/** The listing layout of `neo4j-backup list`: one block per backup, then totals. */
final class Listing {

    private Listing() {
    }

    static void print(List<Manifest> manifests, PrintWriter out, RetentionPlan plan) {
        print(manifests, out, plan, Map.of());
    }

    static void print(List<Manifest> manifests, PrintWriter out, RetentionPlan plan,
            Map<String, List<String>> where) {
        print(manifests, out, plan, where, Map.of());
    }

    /**
     * @param where per id, where it lives besides the folder ({@code s3:<name>})
     * @param trust per id, what its signature says (a line each; none for an id left out)
     */
    static void print(List<Manifest> manifests, PrintWriter out, RetentionPlan plan,
            Map<String, List<String>> where, Map<String, Trust> trust) {
        for (Manifest m : manifests) {
            out.println();
            block(m, out, plan, trust.get(m.id()));
            if (!where.isEmpty()) {
                List<String> at = new ArrayList<>(where.getOrDefault(m.id(), List.of()));
                if (!at.contains("local")) {
                    at.add(0, "local");
                }
                out.println("  Location:       " + String.join(", ", at));
            }
        }
        out.println();
        long total = manifests.stream().mapToLong(Manifest::storedBytes).sum();
        out.println("Total: " + manifests.size() + " backup" + (manifests.size() == 1 ? "" : "s") + ", consuming "
                + Format.size(total) + " of storage");
        List<Decision> soon = plan.expiringSoon().stream()
                .filter(d -> manifests.stream().anyMatch(m -> m.id().equals(d.id()))).toList();
        if (!soon.isEmpty()) {
            out.println("Expiring soon: " + String.join(", ", soon.stream().map(d -> d.id() + " (expires "
                    + Format.age(Duration.between(d.expires(), plan.now())) + ")")
                    .toList()));
        }
    }

    /** SIGNED (key ...), UNSIGNED or UNTRUSTED with its reason and what to do. */
    static String signature(Trust trust) {
        return switch (trust.state()) {
            case SIGNED -> trust.describe();
            case UNSIGNED -> "UNSIGNED: " + trust.reason() + "; restore needs --trust-unsigned, or vouch for it with "
                    + "validate --sign";
            case UNTRUSTED -> "UNTRUSTED: " + trust.reason() + "; never counted, pruned or restored without "
                    + "--trust-unsigned";
        };
    }

    static void block(Manifest m, PrintWriter out, RetentionPlan plan) {
        block(m, out, plan, null);
    }

    /** @param trust what its signature says, or null to leave the line out */
    static void block(Manifest m, PrintWriter out, RetentionPlan plan, Trust trust) {
        out.println(m.id());
        out.println("  Created:        " + Format.time(m.created()));
        plan.find(m.id()).ifPresent(d -> out.println("  Expires:        " + (!d.keep() ? "now: the policy drops it ("
                + d.why() + ")" : d.expires() == null ? "not while the schedule runs (" + d.why() + ")"
                        : Format.time(d.expires()) + " (" + d.why() + ")")));
        out.println("  Status:         " + (m.status() == Manifest.Status.VALIDATED
                ? "COMPLETE, VALIDATED (" + m.validation() + ", " + Format.time(m.validatedAt()) + ")"
                : m.status()));
        if (trust != null) {
            out.println("  Signature:      " + signature(trust));
        }
        out.println("  Uncompressed:   " + Format.size(m.rawBytes()));
        out.println("  Stored:         " + Format.size(m.storedBytes()) + " (" + Math.round(m.ratio() * 100) + "%, "
                + m.compression().name().toLowerCase() + ")");
        out.println("  Checksum:       " + (m.sha256() == null ? "none" : m.sha256().substring(0, Math.min(12, m.sha256().length())) + "..."));
        out.println("  Graph Stats:    " + (m.graph() == null ? "not read (Neo4j was offline)"
                : m.graph().nodes() + " nodes, " + m.graph().relationships() + " relationships"));
        if (m.anomaly() != null) {
            out.println("  ANOMALY:        " + m.anomaly().reason());
        }
        out.println("  Backup Duration: " + Math.round(m.durationMs() / 1000.0) + " seconds (Neo4j down "
                + Durations.seconds(m.downtimeMs()) + " s)");
    }
}
