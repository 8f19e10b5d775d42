package dev.neo4jbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.neo4jbackup.archive.JsonCodec;
import dev.neo4jbackup.catalog.CatalogNames;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.offsite.OffsiteUpload;
import dev.neo4jbackup.testing.ForgedBackups;
import dev.neo4jbackup.testing.GraphFingerprint;
import dev.neo4jbackup.testing.Neo4jExtension;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.S3Server;
import dev.neo4jbackup.testing.SharedBackup;
import dev.neo4jbackup.testing.TestSigning;
import tools.jackson.databind.node.ObjectNode;

/**
 * Signatures as an operator meets them, over the service's wiring, s3proxy and the shared Neo4j: the listings say
 * SIGNED, UNSIGNED or UNTRUSTED (the folder and the bucket); fetch and restore --from refuse a forged backup in the
 * bucket before anything is downloaded or stopped; {@code --trust-unsigned} accepts one, logged and alerted, and
 * it stays UNSIGNED; the key is in no object, manifest or line; a key where it must not be stops the start.
 */
@ExtendWith({Neo4jExtension.class, OutputCaptureExtension.class})
class CliSigningTest {

    @TempDir
    Path lostHost;

    @TempDir
    Path freshMachine;

    @Test
    void forgedBackupsAreShownRefusedAndAcceptedOnlyWhenAsked(Neo4jServer server, CapturedOutput output)
            throws Exception {
        String real = SharedBackup.copyInto(lostHost);
        Instant taken = BackupId.parse(real).created();
        String unsigned = ForgedBackups.unsigned(lostHost, real, taken.minus(Duration.ofDays(1)));
        String wrong = ForgedBackups.wronglySigned(lostHost, real, taken.minus(Duration.ofDays(2)));
        String keyId = TestSigning.signer().keyId();

        Map<String, String> local = server.springProperties(lostHost);
        CliRun list = CliRun.of(local, "list");
        assertThat(list.exit()).as(list.toString()).isZero();
        assertThat(block(list.out(), real)).contains("Signature:      SIGNED (key " + keyId + ")");
        assertThat(block(list.out(), unsigned)).contains("Signature:      UNSIGNED: it carries no signature")
                .contains("restore needs --trust-unsigned, or vouch for it with validate --sign");
        assertThat(block(list.out(), wrong)).contains("Signature:      UNTRUSTED: its signature does not match its "
                + "content");
        List<Map<String, Object>> json = rows(CliRun.of(local, "list", "--json").out());
        assertThat(json).extracting(r -> r.get("id") + " " + r.get("trust")).containsExactly(real + " SIGNED",
                unsigned + " UNSIGNED", wrong + " UNTRUSTED");
        CliRun status = CliRun.of(local, "status");
        assertThat(status.out()).contains("Signing:        key " + keyId + " (" + TestSigning.keyFile()
                + "); 1 UNSIGNED, 1 UNTRUSTED backup");

        // the bucket: the real one and unsigned ones as the service's queue copies them (an UNTRUSTED local one is
        // never copied), one of them given the real one's signature behind the store's back (a day apart each, so
        // that the destination's retention keeps them all)
        S3Server s3 = S3Server.shared();
        String bucket = s3.bucket("signatures");
        String planted = ForgedBackups.unsigned(lostHost, real, taken.minus(Duration.ofDays(3)));
        assertThat(OffsiteUpload.all(lostHost, s3.endpoint(), bucket, "db-host-1")).isEqualTo(3);
        assertThat(output.getOut()).contains("OFFSITE_DROPPED: " + wrong);
        Path plantedObject = s3.bucketFolder(bucket).resolve("db-host-1/neo4j/"
                + CatalogNames.manifestName(BackupId.parse(planted)));
        ObjectNode plantedManifest = (ObjectNode) JsonCodec.MAPPER.readTree(Files.readAllBytes(plantedObject));
        plantedManifest.set("signature", JsonCodec.MAPPER.readTree(Files.readAllBytes(lostHost.resolve(
                real + ".json"))).get("signature"));
        Files.write(plantedObject, JsonCodec.toBytes(plantedManifest));

        Map<String, String> fresh = new LinkedHashMap<>(server.springProperties(freshMachine));
        fresh.put("backup.destinations.offsite.endpoint", s3.endpoint());
        fresh.put("backup.destinations.offsite.bucket", bucket);
        fresh.put("backup.destinations.offsite.path-style", "true");
        fresh.put("backup.destinations.offsite.prefix", "db-host-1");
        fresh.put("backup.destinations.offsite.access-key-id", S3Server.IDENTITY);
        fresh.put("backup.destinations.offsite.secret-access-key", S3Server.CREDENTIAL);
        CliRun remote = CliRun.of(fresh, "list", "--from", "offsite");
        assertThat(remote.exit()).as(remote.toString()).isZero();
        assertThat(block(remote.out(), real)).contains("Signature:      SIGNED (key " + keyId + ")");
        assertThat(block(remote.out(), unsigned)).contains("Signature:      UNSIGNED");
        assertThat(block(remote.out(), planted)).contains("Signature:      UNTRUSTED: its signature does not match");
        assertThat(rows(CliRun.of(fresh, "list", "--from", "offsite", "--json").out()))
                .extracting(r -> r.get("id") + " " + r.get("trust"))
                .containsExactly(real + " SIGNED", unsigned + " UNSIGNED", planted + " UNTRUSTED");

        GraphFingerprint.Print before = GraphFingerprint.of(server.driver());
        long starts = starts(server);
        CliRun fetch = CliRun.of(fresh, "fetch", unsigned, "--from", "offsite");
        assertThat(fetch.exit()).as(fetch.toString()).isEqualTo(Cli.FAILED);
        assertThat(fetch.err()).contains("ERROR: BACKUP_UNTRUSTED: " + unsigned + " (s3:offsite) is UNSIGNED: it "
                + "carries no signature").contains("Action: Use a signed backup")
                .contains("neo4j-backup fetch " + unsigned + " --from offsite --trust-unsigned");
        CliRun restore = CliRun.of(fresh, "restore", planted, "--from", "offsite", "--yes", "--no-safety-backup");
        assertThat(restore.exit()).as(restore.toString()).isEqualTo(Cli.FAILED);
        assertThat(restore.err()).contains("ERROR: BACKUP_UNTRUSTED: " + planted + " (s3:offsite) is UNTRUSTED: its "
                + "signature does not match its content");
        assertThat(manifests(freshMachine)).as("nothing downloaded or published").isEmpty();
        assertThat(starts(server)).as("Neo4j never stopped").isEqualTo(starts);
        assertThat(GraphFingerprint.of(server.driver())).isEqualTo(before);

        // the operator accepts the unsigned one: fetched and restored, logged and alerted at each step, still UNSIGNED
        int from = output.getOut().length();
        CliRun accepted = CliRun.of(fresh, "-v", "restore", unsigned, "--from", "offsite", "--yes",
                "--no-safety-backup", "--trust-unsigned");
        assertThat(accepted.exit()).as(accepted.toString()).isZero();
        assertThat(accepted.out()).contains("SUCCESS: Restore completed and validated");
        String log = output.getOut().substring(from);
        assertThat(log).contains("BACKUP_TRUST_OVERRIDE: " + unsigned + " (s3:offsite) is UNSIGNED: it carries no "
                + "signature (written before signing existed, or by hand); accepted by the operator "
                + "(--trust-unsigned) for fetch")
                .contains("BACKUP_TRUST_OVERRIDE: " + unsigned + " (the storage folder) is UNSIGNED")
                .contains("ALERT [WARNING] TRUST_OVERRIDE: neo4j: BACKUP_UNTRUSTED: " + unsigned);
        assertThat(GraphFingerprint.of(server.driver())).isEqualTo(before);
        assertThat(block(CliRun.of(fresh, "list").out(), unsigned)).contains("Signature:      UNSIGNED");

        // the key: in no object of the bucket, no manifest, no line of any output
        String secret = Files.readAllLines(TestSigning.keyFile()).stream().filter(l -> !l.startsWith("#"))
                .findFirst().orElseThrow();
        for (Path root : List.of(s3.bucketFolder(bucket), lostHost, freshMachine)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(file.getFileName().toString()).doesNotContain("signing");
                    assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                            .doesNotContain(secret);
                }
            }
        }
        assertThat(output.getAll()).doesNotContain(secret);
    }

    @Test
    void aKeyInTheStorageFolderOrReadableByOthersStopsTheCommandWithTheFix() throws IOException {
        Path storage = Files.createDirectories(freshMachine.resolve("backups"));
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("backup.sandbox.enabled", "false");
        properties.put("backup.storage.path", storage.toString());

        properties.put("backup.signing.key-file", storage.resolve("signing.key").toString());
        CliRun inside = CliRun.of(properties, "status");
        assertThat(inside.exit()).isEqualTo(Cli.FAILED);
        assertThat(inside.err()).startsWith("ERROR: CONFIG_INVALID: backup.signing.key-file (BACKUP_SIGNING_KEYFILE) = '"
                + storage.resolve("signing.key") + "': inside the storage folder " + storage);
        assertThat(storage.resolve("signing.key")).doesNotExist();

        Path open = Files.writeString(freshMachine.resolve("signing.key"), Files.readString(TestSigning.writtenKeyFile()));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        properties.put("backup.signing.key-file", open.toString());
        CliRun readable = CliRun.of(properties, "list");
        assertThat(readable.exit()).isEqualTo(Cli.FAILED);
        assertThat(readable.err()).isEqualTo("ERROR: CONFIG_INVALID: backup.signing.key-file (BACKUP_SIGNING_KEYFILE) = '"
                + open + "': mode 0644: group or others may read or write the signing key. Fix: chmod 600 " + open
                + " (owned by the service's user)" + System.lineSeparator());

        // chmod 600, as the fix says: the same key works
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-------"));
        CliRun fixed = CliRun.of(properties, "list");
        assertThat(fixed.exit()).as(fixed.toString()).isZero();
    }

    /** The lines of one backup's block in a listing. */
    static String block(String listing, String id) {
        int at = listing.indexOf(System.lineSeparator() + id + System.lineSeparator());
        assertThat(at).as(id + " in\n" + listing).isNotNegative();
        int end = listing.indexOf(System.lineSeparator() + System.lineSeparator(), at + 1);
        return listing.substring(at, end < 0 ? listing.length() : end);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rows(String json) {
        return JsonCodec.MAPPER.readValue(json, List.class);
    }

    static List<Path> manifests(Path storage) throws IOException {
        try (Stream<Path> files = Files.list(storage)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")
                    && !p.getFileName().toString().startsWith(".")).toList();
        }
    }

    /** How often this server started: neo4j.log says "Started." once per start. */
    static long starts(Neo4jServer server) throws IOException {
        return Files.readAllLines(server.logsDir().resolve("neo4j.log")).stream().filter(l -> l.contains("Started."))
                .count();
    }
}
