package dev.neo4jbackup.testing;

import java.nio.file.Path;
import java.time.Clock;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.config.SigningProperties;
import dev.neo4jbackup.signing.ManifestSigner;
import dev.neo4jbackup.signing.SigningKeyFile;

/**
 * The test JVMs' signing key: the file the Spring contexts of the tests read too ({@code backup.signing.key-file},
 * set by surefire to {@code target/test-signing/signing.key}), written by the service's own code at first use. So a
 * backup a fixture takes verifies in a CLI or API test's context, and the other way round.
 */
public final class TestSigning {

    private static ManifestSigner signer;

    private TestSigning() {
    }

    public static Path keyFile() {
        String configured = System.getProperty("backup.signing.key-file");
        return configured != null ? Path.of(configured)
                : Path.of("target", "test-signing", "signing.key").toAbsolutePath();
    }

    /**
     * The key file, written first if no test of this JVM has used the key yet: a test that reads the file itself
     * must not depend on another having run before it (a fresh {@code target/}, another fork's order).
     */
    public static Path writtenKeyFile() {
        signer();
        return keyFile();
    }

    public static synchronized ManifestSigner signer() {
        if (signer == null) {
            signer = SigningKeyFile.signer(new SigningProperties(keyFile(), null, null, null),
                    Path.of("/nonexistent-storage-of-the-tests"));
        }
        return signer;
    }

    /** A catalogue that signs with the tests' key, as the service's does with its own. */
    public static BackupCatalog catalog(Path root, Clock clock) {
        return new BackupCatalog(root, clock, signer());
    }

    public static BackupCatalog catalog(Path root) {
        return catalog(root, Clock.systemUTC());
    }
}
