package dev.neo4jbackup.neo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/**
 * The one quoting function: what it accepts comes back as a backticked name with backticks doubled; what it
 * cannot prove to read as itself inside backticks is refused with NAME_UNSAFE, the name shown safely. (That the
 * accepted names read back exactly from Neo4j is shown on the real server by HostileNamesTest.)
 */
class CypherNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"Person", "la bel", "a`b", "``", "'single'", "\"double\"", "//", "/*", "*/", "$x", "{}",
            "MATCH (m) DETACH DELETE m", "DETACH DELETE", "Ünïcödé 名前 😱", "x:y", "a|b"})
    void quotesWhatReadsAsItselfWithBackticksDoubled(String name) {
        assertThat(CypherNames.problem(name)).isEmpty();
        assertThat(CypherNames.quote(name)).isEqualTo("`" + name.replace("`", "``") + "`");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Y\\u0060) WITH count(*) AS c0 MATCH (m) DETACH DELETE m RETURN count(*) AS c //",
            "\\u0060", "\\\\u0060", "a\\b", "line\nbreak", "carriage\rreturn", "tab\there", "nul\0char", "del\u007f",
            "c1\u0085", "rtl\u202emark", "ltr\u200emark", "zero\u200bwidth", "bom\ufeff", "isolate\u2066x",
            "line\u2028sep", "para\u2029sep", "unassigned\u0378", "lone\ud800surrogate", "lone\udc00low", ""})
    void refusesWhatItCannotProveSafe(String name) {
        assertThat(CypherNames.problem(name)).isPresent();
        assertThatThrownBy(() -> CypherNames.quote(name)).isInstanceOfSatisfying(BackupFailure.class, f -> {
            assertThat(f.code()).isEqualTo(ErrorCode.NAME_UNSAFE);
            assertThat(f.reason()).startsWith("The name ").contains("cannot be written into a Cypher schema command");
            assertThat(f.reason()).doesNotContain("\n", "\r", "\0", "\u202e");
            assertThat(f.action()).contains("Rename").contains("dump");
        });
    }

    @org.junit.jupiter.api.Test
    void refusesNullAndOverlongNamesAndShowsLongNamesClipped() {
        assertThat(CypherNames.problem(null)).contains("the name is missing");
        String big = "L".repeat(64 * 1024);
        assertThat(CypherNames.problem(big)).hasValueSatisfying(p -> assertThat(p).contains("65536 characters"));
        assertThat(CypherNames.problem("L".repeat(CypherNames.MAX_LENGTH))).isEmpty();
        assertThat(CypherNames.shown(big)).hasSizeLessThan(140).endsWith("(65536 characters)");
        assertThat(CypherNames.shown("a\nb\u202e")).isEqualTo("'a<U+000A>b<U+202E>'");
        assertThat(CypherNames.shown("😱")).isEqualTo("'😱'");
    }
}
