package dev.neo4jbackup.neo4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** neo4j-admin's own words become the reason of the error (outputs as 5.26 and 2025.x print them). */
class Neo4jAdminOutputTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2026-11-24 23:45:27.270+0000 ERROR [o.n.c.d.DumpCommand] Failed to dump database 'neo4j': The database is in use. Stop database 'neo4j' and try again.\\nDump failed for databases: 'neo4j'\\nRun with '--verbose' for a more detailed error message.|The database is in use. Stop database 'neo4j' and try again.",
            "ERROR [o.n.c.d.DumpCommand] Failed to dump database 'nosuchdb': Database does not exist: nosuchdb|Database does not exist: nosuchdb",
            "org.neo4j.cli.CommandFailedException: /tmp/x is not an existing directory\\nRun with '--verbose'|/tmp/x is not an existing directory",
            "/tmp/probe/nodir is not an existing directory\\nRun with '--verbose' for a more detailed error message.|/tmp/probe/nodir is not an existing directory",
            // 2025.x on Java 22+: the JVM's warnings follow neo4j-admin's own last line
            "/tmp/probe/nodir is not an existing directory\\nWARNING: A restricted method in java.lang.System has been called\\nWARNING: Restricted methods will be blocked in a future release unless native access is enabled|/tmp/probe/nodir is not an existing directory"})
    void reasonIsNeo4jAdminsOwnLine(String output, String reason) {
        ProcessResult result = new ProcessResult(1, false, output.replace("\\n", "\n"), Duration.ofSeconds(1));
        assertThat(Neo4jAdmin.reasonOf(result)).isEqualTo(reason);
    }

    @ParameterizedTest
    @CsvSource({"/data/databases/neo4j,/data", "/data,/data", "/mnt/neo4j-data,/mnt/neo4j-data"})
    void databaseFolderAndDataRootFormsAreAccepted(String given, String root) {
        assertThat(Neo4jInstallation.normalizeDataPath(Path.of(given))).isEqualTo(Path.of(root));
    }
}
