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
}
