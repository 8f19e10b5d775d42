package dev.neo4jbackup.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Compression;

/** The names of one backup's files, and which names are ours. */
class CatalogNamesTest {

    private static final BackupId ID = BackupId.of("neo4j", Instant.parse("2025-12-27T02:00:00Z"));

    @Test
    void aBackupIsAManifestAnArchiveAndASidecarNamedFromItsId() {
        assertThat(CatalogNames.manifestName(ID)).isEqualTo("neo4j-20251227-020000.json");
        assertThat(CatalogNames.archiveName(ID, Compression.GZIP)).isEqualTo("neo4j-20251227-020000.dump.gz");
        assertThat(CatalogNames.archiveName(ID, Compression.NONE)).isEqualTo("neo4j-20251227-020000.dump");
        assertThat(CatalogNames.sidecarName(ID, Compression.GZIP)).isEqualTo("neo4j-20251227-020000.dump.gz.sha256");
        assertThat(CatalogNames.archiveName(ID, Compression.GZIP, false, true)).isEqualTo("neo4j-20251227-020000.dump.gz.age");
        assertThat(CatalogNames.archiveName(ID, Compression.NONE, false, true)).isEqualTo("neo4j-20251227-020000.dump.age");
        assertThat(CatalogNames.archiveName(ID, Compression.GZIP, true, false)).isEqualTo("neo4j-20251227-020000.jsonl.gz");
        assertThat(CatalogNames.archiveName(ID, Compression.GZIP, true, true)).isEqualTo("neo4j-20251227-020000.jsonl.gz.age");
        assertThat(CatalogNames.archiveNames(ID)).hasSize(8).doesNotHaveDuplicates();
    }

    @Test
    void onlyManifestsArchivesAndSidecarsAreOurs() {
        for (String name : new String[] { "neo4j-20251227-020000.json", "neo4j-20251227-020000.dump.gz",
                "neo4j-20251227-020000.dump", "neo4j-20251227-020000.dump.gz.sha256",
                "neo4j-20251227-020000.dump.sha256", "neo4j-20251227-020000.dump.gz.age",
                "neo4j-20251227-020000.dump.gz.age.sha256", "neo4j-20251227-020000.dump.age.sha256" }) {
            assertThat(CatalogNames.idPartOfOurs(name)).as(name).contains("neo4j-20251227-020000");
        }
        for (String name : new String[] { ".state.json.tmp", "notes.txt", "neo4j-20251227-020000.dump.gz.part",
                "neo4j-20251227-020000.dump.gz.age.part" }) {
            assertThat(CatalogNames.idPartOfOurs(name)).as(name).isEmpty();
        }
    }

    @Test
    void anArchiveOrSidecarNamesItsBackupAndAnythingElseNone() {
        assertThat(CatalogNames.idOfArchiveOrSidecar("neo4j-20251227-020000.dump.gz.sha256")).contains(ID);
        assertThat(CatalogNames.idOfArchiveOrSidecar("neo4j-20251227-020000.dump")).contains(ID);
        assertThat(CatalogNames.idOfArchiveOrSidecar("neo4j-20251227-020000.dump.gz.age.sha256")).contains(ID);
        assertThat(CatalogNames.idOfArchiveOrSidecar("neo4j-20251227-020000.json")).isEmpty();
        assertThat(CatalogNames.idOfArchiveOrSidecar("neo4j-2025.dump.gz")).isEmpty();
    }

    @Test
    void theTempFileOfAManifestWriteIsKnownAndNoOtherFileIs() {
        String temp = CatalogNames.tempPrefix(CatalogNames.manifestName(ID)) + "8123456" + CatalogNames.TEMP_SUFFIX;
        assertThat(CatalogNames.isManifestTemp(temp)).isTrue();
        assertThat(CatalogNames.isManifestTemp(CatalogNames.tempPrefix(CatalogNames.STATE) + "1" + CatalogNames.TEMP_SUFFIX))
                .isFalse();
        assertThat(CatalogNames.isManifestTemp("neo4j-20251227-020000.json")).isFalse();
        assertThat(CatalogNames.isManifestTemp(".x.json.1.tmp")).isFalse();
    }
}
