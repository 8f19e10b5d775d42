package dev.neo4jbackup.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;

/** Status and trigger are enums in the code and names in the file; an unknown name is judged, never guessed. */
class ManifestCheckTest {

    private static final BackupId ID = BackupId.parse("neo4j-20251227-020000");
    private static final String SHA = "a".repeat(64);

    private static ManifestCheck.Decoded decode(String status, String trigger) {
        String json = "{\"id\":\"" + ID + "\",\"database\":\"neo4j\",\"created\":\"2025-12-27T02:00:00Z\","
                + "\"compression\":\"GZIP\",\"sha256\":\"" + SHA + "\"" + (status == null ? "" : ",\"status\":" + status)
                + (trigger == null ? "" : ",\"trigger\":" + trigger) + "}";
        return ManifestCheck.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theNamesInTheFileAreTheEnums() {
        ManifestCheck.Decoded decoded = decode("\"VALIDATED\"", "\"RETRY\"");
        assertThat(ManifestCheck.problem(ID, decoded)).isNull();
        assertThat(decoded.manifest().status()).isEqualTo(Manifest.Status.VALIDATED);
        assertThat(decoded.manifest().trigger()).isEqualTo(Trigger.RETRY);
    }

    @Test
    void anUnknownStatusIsNamedInTheReasonAndAMissingOneIsMissing() {
        assertThat(ManifestCheck.problem(ID, decode("\"GREAT\"", "\"SCHEDULED\"")))
                .isEqualTo("unknown status 'GREAT' (expected one of COMPLETE, VALIDATED, CORRUPTED, FAILED)");
        assertThat(ManifestCheck.problem(ID, decode("\"complete\"", null))).startsWith("unknown status 'complete'");
        // an ordinal is no status: Jackson would otherwise read 0 as COMPLETE
        assertThat(ManifestCheck.problem(ID, decode("0", null))).startsWith("unknown status '0'");
        assertThat(ManifestCheck.problem(ID, decode(null, null))).isEqualTo("required field missing: status");
        assertThat(ManifestCheck.problem(ID, decode("null", null))).isEqualTo("required field missing: status");
    }

    @Test
    void anUnknownTriggerReadsAsNoneAndLeavesTheBackupTrusted() {
        ManifestCheck.Decoded decoded = decode("\"COMPLETE\"", "\"WEBHOOK\"");
        assertThat(ManifestCheck.problem(ID, decoded)).isNull();
        assertThat(decoded.manifest().trigger()).isNull();
    }

    @Test
    void anEmptyFileIsNoManifestAndJsonNullIsSaidSo() {
        assertThatThrownBy(() -> ManifestCheck.decode(new byte[0])).isInstanceOf(RuntimeException.class)
                .hasMessageContaining("No content");
        assertThat(ManifestCheck.problem(ID, ManifestCheck.decode("null".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("the file holds no manifest (JSON null)");
    }

    /** The encryption block of a manifest: what the reader relies on (the format age opens, the plaintext's hash). */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "'\"archive\":\"neo4j-20251227-020000.dump.gz.age\",\"encryption\":{\"format\":\"age\",\"plaintextSha256\":\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\",\"recipientFingerprints\":[\"sha256:0b48231912d3ba2a\"]}'|NULL",
            "'\"archive\":\"neo4j-20251227-020000.dump.gz\",\"encryption\":{\"format\":\"age\",\"plaintextSha256\":\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"}'|archive 'neo4j-20251227-020000.dump.gz' is not neo4j-20251227-020000.dump.gz.age, the name its id, compression and encryption give",
            "'\"archive\":\"neo4j-20251227-020000.dump.gz.age\"'|archive 'neo4j-20251227-020000.dump.gz.age' is not neo4j-20251227-020000.dump.gz, the name its id, compression and encryption give",
            "'\"encryption\":{\"format\":\"gpg\",\"plaintextSha256\":\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"}'|encryption format 'gpg' is not age",
            "'\"encryption\":{\"format\":\"age\"}'|encryption.plaintextSha256 is missing"})
    void theEncryptionOfAManifestIsJudged(String extra, String problem) {
        String json = "{\"id\":\"" + ID + "\",\"database\":\"neo4j\",\"created\":\"2025-12-27T02:00:00Z\","
                + "\"compression\":\"GZIP\",\"status\":\"COMPLETE\",\"sha256\":\"" + SHA + "\"," + extra + "}";
        assertThat(ManifestCheck.problem(ID, ManifestCheck.decode(json.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(problem);
    }
}
