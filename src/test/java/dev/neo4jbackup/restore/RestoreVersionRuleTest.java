package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The restore's version rule on its own: a dump loads into its own release line or a newer one (5.26 into
 * 2025.x is the upgrade path), never into an older one. Against real servers: RestoreVersionRefusalTest
 * (5.26 only, every build) and UpgradeByRestoreTest (5.26 and 2025.x, profile neo4j2025).
 */
class RestoreVersionRuleTest {

    @ParameterizedTest
    @CsvSource({
            "5.26.30,   2025.12.1, true,  an upgrade from 5.26 to 2025.12",
            "5.26.30,   5.26.30,   true,  the same release line",
            "5.26.30,   5.26.10,   true,  the same release line",
            "5.20.0,    5.26.30,   true,  an upgrade from 5.20 to 5.26",
            "2025.11.0, 2025.12.1, true,  an upgrade from 2025.11 to 2025.12",
            "2025.12.1, 2026.01.0, true,  an upgrade from 2025.12 to 2026.01",
            "2025.12.1, 5.26.30,   false, a dump of Neo4j 2025.12 cannot be loaded by Neo4j 5.26",
            "2025.12.1, 2025.11.0, false, a dump of Neo4j 2025.12 cannot be loaded by Neo4j 2025.11",
            "5.26.30,   5.20.0,    false, a dump of Neo4j 5.26 cannot be loaded by Neo4j 5.20"})
    void aDumpLoadsIntoItsLineOrANewerOne(String backup, String target, boolean allowed, String detail) {
        RestoreVersionRule.Verdict verdict = RestoreVersionRule.decide(backup, target, "primary");
        assertThat(verdict.allowed()).isEqualTo(allowed);
        assertThat(verdict.detail()).contains(detail);
        if (!allowed) {
            assertThat(verdict.detail()).contains("refused before anything was stopped");
        }
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"null, 2025.12.1, backup's", "5.26.30, null, target's",
            "unknown, 5.26.30, backup's"})
    void anUnknownVersionIsNotARefusalButSaysSo(String backup, String target, String whose) {
        RestoreVersionRule.Verdict verdict = RestoreVersionRule.decide(backup, target, "primary");
        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.detail()).startsWith("not checked").contains(whose).contains("neo4j-admin decides");
    }
}
