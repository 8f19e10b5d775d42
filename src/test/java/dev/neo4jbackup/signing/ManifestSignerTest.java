package dev.neo4jbackup.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.neo4jbackup.archive.JsonCodec;
import dev.neo4jbackup.domain.GraphStats;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.testing.TestManifests;

/**
 * The signature as a function over a manifest's file: what the service signs verifies, and each way an attacker who
 * can write the file may change it is caught (or, for changes that leave the content as it was, ignored), in a table.
 */
class ManifestSignerTest {

    static final SigningKey KEY = key(1);
    static final SigningKey OTHER = key(2);
    static final ManifestSigner SIGNER = new ManifestSigner(KEY, List.of());

    static SigningKey key(int seed) {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) seed);
        return new SigningKey(secret, "test key " + seed);
    }

    static Manifest manifest(String id) {
        return TestManifests.dump(id).created(Instant.parse("2026-11-25T02:00:00Z")).rawBytes(4_000_000)
                .storedBytes(3_600_000).ratio(0.9).sha256("3b0f".repeat(16))
                .durationsMs(Map.of("dump", 1200L, "total", 4100L)).downtimeMs(2100)
                .graph(new GraphStats(550, 1525, Map.of("Person", 500L, "Skill", 50L), Map.of("KNOWS", 1525L), 2, 1))
                .neo4jVersion("5.26.0").toolVersion("1.0").host("db-host-1")
                .encryption(new Manifest.Encryption("age", "9c1d".repeat(16), List.of("sha256:521bc54f48852731")))
                .kind("dump").build();
    }

    /** The file the catalogue writes: the signed manifest, indented, read back as a tree. */
    static ObjectNode signedFile() {
        return (ObjectNode) JsonCodec.MAPPER.readTree(JsonCodec.toBytes(SIGNER.sign(manifest("neo4j-20261125-020000"))));
    }

    @Test
    void whatTheServiceSignsVerifiesWithItsKeyAndHoldsNoKey() {
        Manifest signed = SIGNER.sign(manifest("neo4j-20261125-020000"));
        assertThat(signed.signature().algorithm()).isEqualTo("HMAC-SHA256");
        assertThat(signed.signature().keyId()).isEqualTo(KEY.id()).matches("[0-9a-f]{16}");
        assertThat(SIGNER.verify(signedFile())).isEqualTo(Trust.signed(KEY.id()));
        String file = new String(JsonCodec.toBytes(signed), StandardCharsets.UTF_8);
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) 1);
        assertThat(file).doesNotContain(Base64.getEncoder().encodeToString(secret))
                .doesNotContain(Base64.getEncoder().encodeToString(secret).substring(0, 20));
        // signing again what is signed gives the same signature: the old one is not part of what is signed
        assertThat(SIGNER.sign(signed)).isEqualTo(signed);
    }

    record Change(String what, Consumer<ObjectNode> edit, Trust.State expected, String reason) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Arguments> changes() {
        String otherSignature = SIGNER.sign(manifest("neo4j-20261124-020000")).signature().value();
        return Stream.of(
                new Change("nothing", f -> { }, Trust.State.SIGNED, null),
                new Change("indented differently, keys in another order", f -> {
                    JsonNode copy = f.deepCopy();
                    f.removeAll();
                    List<String> names = new ArrayList<>(copy.propertyNames());
                    Collections.reverse(names);
                    names.forEach(n -> f.set(n, copy.get(n)));
                }, Trust.State.SIGNED, null),
                new Change("the signature removed", f -> f.remove("signature"), Trust.State.UNSIGNED,
                        "no signature"),
                new Change("the signature null", f -> f.putNull("signature"), Trust.State.UNSIGNED, "no signature"),
                new Change("the archive's checksum replaced", f -> f.put("sha256", "00".repeat(32)),
                        Trust.State.UNTRUSTED, "does not match its content"),
                new Change("the plaintext's checksum replaced",
                        f -> ((ObjectNode) f.get("encryption")).put("plaintextSha256", "00".repeat(32)),
                        Trust.State.UNTRUSTED, "does not match its content"),
                new Change("the status raised to VALIDATED", f -> f.put("status", "VALIDATED"),
                        Trust.State.UNTRUSTED, "does not match its content"),
                new Change("a node count changed", f -> ((ObjectNode) f.get("graph")).put("nodes", 551),
                        Trust.State.UNTRUSTED, "does not match its content"),
                new Change("a field a newer version might read added", f -> f.put("restoreScript", "x"),
                        Trust.State.UNTRUSTED, "does not match its content"),
                new Change("a null field left out", f -> f.remove("reason"), Trust.State.UNTRUSTED,
                        "does not match its content"),
                new Change("1525 written as 1525.5", f -> ((ObjectNode) f.get("graph")).put("relationships", 1525.5),
                        Trust.State.UNTRUSTED, "does not match its content"),
                new Change("another manifest's signature", f -> ((ObjectNode) f.get("signature"))
                        .put("value", otherSignature), Trust.State.UNTRUSTED, "does not match its content"),
                new Change("another key's id", f -> ((ObjectNode) f.get("signature")).put("keyId", OTHER.id()),
                        Trust.State.UNTRUSTED, "which this service does not hold"),
                new Change("another algorithm", f -> ((ObjectNode) f.get("signature")).put("algorithm", "none"),
                        Trust.State.UNTRUSTED, "algorithm is not HMAC-SHA256"),
                new Change("a value that is no base64", f -> ((ObjectNode) f.get("signature")).put("value", "!!"),
                        Trust.State.UNTRUSTED, "not base64"),
                new Change("a signature that is a string", f -> f.put("signature", "trust me"),
                        Trust.State.UNTRUSTED, "malformed"),
                new Change("a signature without its key id", f -> ((ObjectNode) f.get("signature")).remove("keyId"),
                        Trust.State.UNTRUSTED, "malformed"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void eachChangeToTheFileIsCaught(Change change) {
        ObjectNode file = signedFile();
        change.edit().accept(file);
        // as the catalogue reads it: the bytes of the changed file, parsed again
        Trust trust = SIGNER.verify(JsonCodec.MAPPER.readTree(JsonCodec.toBytes(file)));
        assertThat(trust.state()).isEqualTo(change.expected());
        if (change.reason() != null) {
            assertThat(trust.reason()).contains(change.reason());
        }
    }

    @Test
    void escapesAndWhitespaceThatLeaveTheValueAsItWasStillVerify() {
        String text = new String(JsonCodec.toBytes(SIGNER.sign(manifest("neo4j-20261125-020000"))),
                StandardCharsets.UTF_8);
        // "community" written with escapes, the whole file on one line: the same values
        String rewritten = text.replace("\"community\"", "\"\\u0063ommunity\"").replace("\n", " ");
        assertThat(rewritten).isNotEqualTo(text);
        assertThat(SIGNER.verify(JsonCodec.MAPPER.readTree(rewritten))).isEqualTo(Trust.signed(KEY.id()));
    }

    @Test
    void aRotationKeepsTheOldKeysBackupsAndSignsWithTheNewOne() {
        ObjectNode byOld = signedFile();
        ManifestSigner rotated = new ManifestSigner(OTHER, List.of(KEY));
        assertThat(rotated.keyId()).isEqualTo(OTHER.id());
        assertThat(rotated.previousKeyIds()).containsExactly(KEY.id());
        assertThat(rotated.verify(byOld)).isEqualTo(Trust.signed(KEY.id()));
        Manifest resigned = rotated.sign(JsonCodec.MAPPER.treeToValue(byOld, Manifest.class));
        assertThat(resigned.signature().keyId()).isEqualTo(OTHER.id());
        JsonNode file = JsonCodec.MAPPER.readTree(JsonCodec.toBytes(resigned));
        assertThat(rotated.verify(file)).isEqualTo(Trust.signed(OTHER.id()));
        // the old key alone (a host not yet given the new one) cannot vouch for what the new one signed
        Trust old = SIGNER.verify(file);
        assertThat(old.state()).isEqualTo(Trust.State.UNTRUSTED);
        assertThat(old.reason()).contains("signed with key " + OTHER.id() + ", which this service does not hold");
        // once the old key is dropped, its backups are no longer this service's
        assertThat(new ManifestSigner(OTHER, List.of()).verify(byOld).state()).isEqualTo(Trust.State.UNTRUSTED);
    }

    record Canonical(String json, String expected) {
    }

    @Test
    void theCanonicalFormIsOneTextPerValue() {
        List<Canonical> table = List.of(
                new Canonical("{ \"b\" : 1, \"a\" : [ true, null, \"x\" ] }", "{\"a\":[true,null,\"x\"],\"b\":1}"),
                new Canonical("{\"B\":{\"d\":1,\"c\":2},\"a\":0}", "{\"B\":{\"c\":2,\"d\":1},\"a\":0}"),
                new Canonical("{\"s\":\"\\u00e9\\\"\\\\\\n\"}", "{\"s\":\"\\u00e9\\\"\\\\\\u000a\"}"),
                new Canonical("{\"s\":\"\u00e9\"}", "{\"s\":\"\\u00e9\"}"),
                new Canonical("{\"r\":0.9}", "{\"r\":0.90000000000000002220446049250313080847263336181640625}"),
                new Canonical("{\"r\":1.0,\"n\":1}", "{\"n\":1,\"r\":1}"),
                new Canonical("{\"big\":123456789012345678901234567890}", "{\"big\":123456789012345678901234567890}"),
                new Canonical("{\"e\":1E-7}", "{\"e\":0.0000000999999999999999954748111825886258685613938723690807819366455078125}"),
                new Canonical("{\"k\":\"a\",\"k2\":\"a\"}", "{\"k\":\"a\",\"k2\":\"a\"}"));
        for (Canonical c : table) {
            assertThat(CanonicalJson.text(JsonCodec.MAPPER.readTree(c.json()))).as(c.json()).isEqualTo(c.expected());
        }
    }
}
