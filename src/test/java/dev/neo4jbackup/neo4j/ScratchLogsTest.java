package dev.neo4jbackup.neo4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Why a scratch Neo4j did not come up, from its logs; and its conf, which Neo4j's strict validation accepts. */
class ScratchLogsTest {

    @Test
    void aFullVolumeIsNoSpaceWhateverElseTheLogsSay() {
        var d = ScratchLogs.diagnose(List.of("2026-12-07 20:01:02.000+0000 ERROR Failed to start Neo4j"),
                List.of("2026-12-07 20:01:01.000+0000 ERROR [o.n.k.d.Database] [neo4j/1] Exception occurred while "
                        + "starting the database", "Caused by: java.io.IOException: No space left on device"), null);

        assertThat(d.cause()).isEqualTo(ScratchLogs.Cause.NO_SPACE);
        assertThat(d.excerpt()).contains("No space left on device");
    }

    @Test
    void aBusyPortIsNamed() {
        var d = ScratchLogs.diagnose(List.of("2026-12-07 20:01:02.000+0000 ERROR Failed to start Neo4j on "
                + "127.0.0.1:7687.", "Caused by: java.net.BindException: Address already in use"), List.of(), null);

        assertThat(d.cause()).isEqualTo(ScratchLogs.Cause.PORT_BUSY);
    }

    @Test
    void otherwiseTheLastErrorLinesOrTheLastLines() {
        var errors = ScratchLogs.diagnose(List.of("a INFO x", "b ERROR one", "c ERROR two", "d ERROR three",
                "e ERROR four", "f INFO y"), List.of(), null);
        var none = ScratchLogs.diagnose(List.of(), List.of(), "Error: dbms.x declared multiple times.\n\nRun with "
                + "'--verbose'\n");

        assertThat(errors.cause()).isEqualTo(ScratchLogs.Cause.OTHER);
        assertThat(errors.excerpt()).isEqualTo("c ERROR two | d ERROR three | e ERROR four");
        assertThat(none.excerpt()).isEqualTo("Error: dbms.x declared multiple times. | Run with '--verbose'");
    }

    @Test
    void theConfSetsEachKeyOnceAndRefusesALineBreakInAValue(@TempDir Path work) throws Exception {
        ScratchNeo4j.Settings settings = new ScratchNeo4j.Settings("256m", "32m", java.time.Duration.ofMinutes(1),
                java.time.Duration.ofMinutes(1), 10, 0, List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        Path conf = ScratchConf.write(work, work.resolve("snap/data"), 17999, settings);

        List<String> keys = Files.readAllLines(conf.resolve("neo4j.conf")).stream().filter(l -> l.contains("="))
                .map(l -> l.substring(0, l.indexOf('='))).filter(k -> !k.equals("server.jvm.additional")).toList();
        assertThat(keys).doesNotHaveDuplicates().contains("server.bolt.listen_address", "dbms.security.auth_enabled",
                "server.http.enabled", "server.directories.data", "server.directories.transaction.logs.root");
        assertThat(Files.readString(conf.resolve("neo4j.conf"))).contains("server.bolt.listen_address=127.0.0.1:17999\n")
                .contains("server.directories.data=" + work.resolve("snap/data") + "\n")
                .contains("server.jvm.additional=-XX:TieredStopAtLevel=1\n");
        assertThat(work.resolve("logs")).isDirectory();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ScratchConf.write(work, work.resolve("x\ny=1"), 1,
                settings)).isInstanceOf(IllegalArgumentException.class);
    }
}
