package dev.neo4jbackup.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The one place a kind's name is read: the configuration, the CLI, the API and the manifest agree. */
class KindTest {

    @Test
    void aKindIsReadInAnyCaseAndWrittenAsTheManifestWritesIt() {
        assertThat(Kind.parse(" Logical ")).isEqualTo(Kind.LOGICAL);
        assertThat(Kind.parse("DUMP")).isEqualTo(Kind.DUMP);
        assertThat(Kind.LOGICAL.id()).isEqualTo(Manifest.LOGICAL).isEqualTo("logical");
        assertThat(Kind.DUMP.id()).isEqualTo(Manifest.DUMP).isEqualTo("dump");
    }

    @Test
    void anUnknownKindIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> Kind.parse("snapshot")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown backup kind 'snapshot' (known: dump, logical)");
        assertThatThrownBy(() -> Kind.parse(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("known: dump, logical");
    }
}
