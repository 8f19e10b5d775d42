package dev.neo4jbackup.neo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/** {@code neo4j-admin database info --format=json} as Neo4j 5.26 prints it (copied from real runs). */
class StoreInfoTest {

    @Test
    void oneDatabaseIsAnObjectWithStringValues() {
        var info = StoreInfo.parse("{\"databaseName\":\"neo4j\",\"inUse\":\"false\",\"storeFormat\":\"record-aligned-1.1\","
                + "\"storeFormatIntroduced\":\"5.0.0\",\"storeFormatSuperseded\":null,\"lastCommittedTransaction\":\"431\","
                + "\"recoveryRequired\":\"false\"}\n");

        assertThat(info).containsExactly(new StoreInfo("neo4j", false, "record-aligned-1.1", 431, false));
    }

    @Test
    void aGlobIsAnArrayAndAStoreInUseSaysMinusOne() {
        var info = StoreInfo.parse("WARNING: Max 20000 open files allowed, minimum of 40000 recommended.\n"
                + "[{\"databaseName\":\"neo4j\",\"inUse\":\"true\",\"storeFormat\":null,\"storeFormatIntroduced\":null,"
                + "\"storeFormatSuperseded\":null,\"lastCommittedTransaction\":\"-1\",\"recoveryRequired\":\"true\"},"
                + "{\"databaseName\":\"system\",\"inUse\":\"false\",\"storeFormat\":\"record-aligned-1.1\","
                + "\"storeFormatIntroduced\":\"5.0.0\",\"storeFormatSuperseded\":null,"
                + "\"lastCommittedTransaction\":\"41\",\"recoveryRequired\":\"false\"}]");

        assertThat(info).containsExactly(new StoreInfo("neo4j", true, null, -1, true),
                new StoreInfo("system", false, "record-aligned-1.1", 41, false));
    }

    @Test
    void textOrGarbageIsNeo4jAdminFailedWithWhatItPrinted() {
        assertThatThrownBy(() -> StoreInfo.parse("Database name:                neo4j\n"
                + "Last committed transaction id:3\nStore needs recovery:         true\n"))
                .isInstanceOfSatisfying(BackupFailure.class, f -> {
                    assertThat(f.code()).isEqualTo(ErrorCode.NEO4J_ADMIN_FAILED);
                    assertThat(f.reason()).contains("no JSON").contains("Last committed transaction id:3");
                });
        assertThatThrownBy(() -> StoreInfo.parse("{\"databaseName\":\"neo4j\",\"lastCommittedTransaction\":\"x\"}"))
                .isInstanceOf(BackupFailure.class);
        assertThatThrownBy(() -> StoreInfo.parse("{\"inUse\":\"false\"}")).isInstanceOf(BackupFailure.class);
        assertThatThrownBy(() -> StoreInfo.parse("{not json")).isInstanceOf(BackupFailure.class);
        assertThatThrownBy(() -> StoreInfo.parse(null)).isInstanceOf(BackupFailure.class);
    }
}
