package dev.neo4jbackup.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.neo4jbackup.config.ConfigInvalidException;
import dev.neo4jbackup.config.SigningProperties;

/**
 * The key's file on a real filesystem: written once at the first start (0600, said so), read again after, and
 * refused with one CONFIG_INVALID line and its fix when it is where whoever writes backups could read it, open to
 * group or others, a link, or no key; the key itself never in a message.
 */
@ExtendWith(OutputCaptureExtension.class)
class SigningKeyFileTest {

    static final String KEY = "q1b0mVqFh1o3d9nJm2c5pL8sT4wX7yZ0aB3cD6eF9gE=";

    @TempDir
    Path dir;

    static SigningProperties file(Path keyFile) {
        return new SigningProperties(keyFile, null, null, null);
    }

    @Test
    void theFirstStartWritesTheKeyOnceAndSaysSo(CapturedOutput output) throws Exception {
        Path storage = Files.createDirectories(dir.resolve("backups"));
        Path keyFile = dir.resolve("etc/neo4j-backup/signing.key");
        ManifestSigner first = SigningKeyFile.signer(file(keyFile), storage);

        assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(keyFile.getParent()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(output.getOut()).contains("SIGNING_KEY_CREATED: a new signing key " + first.keyId()
                + " was written to " + keyFile + " (mode 0600); back this file up next to the age identity");
        String text = Files.readString(keyFile);
        assertThat(text).startsWith("# neo4j-backup-service signing key (HMAC-SHA256), key id " + first.keyId());
        String secret = text.lines().filter(l -> !l.startsWith("#")).findFirst().orElseThrow();
        assertThat(output.getOut()).doesNotContain(secret);
        assertThat(Files.list(keyFile.getParent())).hasSize(1); // no temp file left beside it

        int from = output.getOut().length();
        assertThat(SigningKeyFile.signer(file(keyFile), storage).keyId()).isEqualTo(first.keyId());
        assertThat(output.getOut().substring(from)).doesNotContain("SIGNING_KEY_CREATED");
        // the same check ConfigurationCheck runs before anything starts passes on the file the service wrote
        file(keyFile).check(storage);
    }

    @Test
    void theServiceAndACommandStartedAtOnceEndWithOneKey() throws Exception {
        Path storage = Files.createDirectories(dir.resolve("backups"));
        Path keyFile = dir.resolve("keys/signing.key");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ids.add(pool.submit((Callable<String>) () -> SigningKeyFile.signer(file(keyFile), storage).keyId()));
            }
            String one = ids.get(0).get();
            for (Future<String> id : ids) {
                assertThat(id.get()).isEqualTo(one);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    record Refusal(String what, String mode, String content, String expected) {
        @Override
        public String toString() {
            return what;
        }
    }

    @Test
    void aKeyFileThatCannotBeTheKeyIsRefusedWithTheFix() throws Exception {
        Path storage = Files.createDirectories(dir.resolve("backups"));
        String good = "# a comment\n" + KEY + "\n";
        List<Refusal> table = List.of(
                new Refusal("readable by others", "rw-r--r--", good, "mode 0644: group or others may read or write "
                        + "the signing key. Fix: chmod 600"),
                new Refusal("readable by the group", "rw-r-----", good, "mode 0640: group or others"),
                new Refusal("writable by the group", "rw--w----", good, "mode 0620: group or others"),
                new Refusal("readable by others only", "rw----r--", good, "mode 0604: group or others"),
                new Refusal("empty", "rw-------", "", "holds no key. Fix: restore the file from its backup"),
                new Refusal("comments only", "rw-------", "# nothing here\n", "holds no key"),
                new Refusal("not base64", "rw-------", "this is not a key!\n", "not a signing key (the base64 of at "
                        + "least 32 bytes)"),
                new Refusal("16 bytes only", "rw-------", "AAAAAAAAAAAAAAAAAAAAAA==\n", "not a signing key"),
                new Refusal("two keys", "rw-------", KEY + "\n" + KEY + "\n", "holds 2 lines that are no comment"),
                new Refusal("a private key pasted", "rw-------", "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ"
                        + "QQQQQQQQQQQQQQQQQQQQQQQQ\n", "not a signing key"));
        for (Refusal r : table) {
            Path keyFile = dir.resolve("keys-" + r.what().replace(' ', '-') + "/signing.key");
            Files.createDirectories(keyFile.getParent());
            Files.writeString(keyFile, r.content());
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString(r.mode()));
            ConfigInvalidException refused = catchThrowableOfType(ConfigInvalidException.class,
                    () -> SigningKeyFile.signer(file(keyFile), storage));
            assertThat(refused).as(r.what()).isNotNull();
            assertThat(refused.getMessage()).as(r.what()).startsWith("CONFIG_INVALID: backup.signing.key-file "
                    + "(BACKUP_SIGNING_KEYFILE) = '" + keyFile + "': ").contains(r.expected());
            assertThat(refused.getMessage()).as(r.what()).doesNotContain(KEY).doesNotContain("AGE-SECRET-KEY");
            // the same line before anything starts (ConfigurationCheck)
            ConfigInvalidException early = catchThrowableOfType(ConfigInvalidException.class,
                    () -> file(keyFile).check(storage));
            assertThat(early).as(r.what()).hasMessage(refused.getMessage());
        }
    }

    @Test
    void aKeyWhereWhoeverWritesBackupsCouldReadItIsRefused() throws Exception {
        Path storage = Files.createDirectories(dir.resolve("backups"));
        Path link = Files.createSymbolicLink(dir.resolve("backups-link"), storage);
        for (Path keyFile : List.of(storage.resolve("signing.key"), storage.resolve("keys/signing.key"),
                link.resolve("signing.key"), dir.resolve("backups/../backups/signing.key"))) {
            ConfigInvalidException refused = catchThrowableOfType(ConfigInvalidException.class,
                    () -> SigningKeyFile.signer(file(keyFile), storage));
            assertThat(refused).as(keyFile.toString()).isNotNull();
            assertThat(refused.getMessage()).as(keyFile.toString()).contains("inside the storage folder " + storage
                    + ": whoever can write backups there could read the key and sign a forged backup. Fix: move it "
                    + "out of the storage folder");
            assertThat(Files.exists(keyFile)).as("nothing written there: " + keyFile).isFalse();
        }
        // a previous key there is refused as well, and a link as the key file
        Path key = Files.writeString(dir.resolve("old.key"), KEY);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path keyLink = Files.createSymbolicLink(dir.resolve("link.key"), key);
        assertThat(catchThrowableOfType(ConfigInvalidException.class, () -> SigningKeyFile.signer(file(keyLink),
                storage))).hasMessageContaining("= '" + keyLink + "': a symbolic link");
        Path inside = Files.writeString(storage.resolve("old.key"), KEY);
        assertThat(catchThrowableOfType(ConfigInvalidException.class, () -> SigningKeyFile.signer(
                new SigningProperties(key, null, List.of(inside), null), storage)))
                .hasMessageStartingWith("CONFIG_INVALID: backup.signing.previous-key-files[0] "
                        + "(BACKUP_SIGNING_PREVIOUSKEYFILES_0) = '" + inside + "': inside the storage folder");
        assertThat(catchThrowableOfType(ConfigInvalidException.class, () -> SigningKeyFile.signer(
                new SigningProperties(key, null, List.of(dir.resolve("gone.key")), null), storage)))
                .hasMessageContaining("gone.key': no such file");
    }

    @Test
    void aKeyGivenAsASecretValueIsCheckedAndNeverShown() throws Exception {
        Path storage = Files.createDirectories(dir.resolve("backups"));
        ManifestSigner fromValue = SigningKeyFile.signer(new SigningProperties(null, KEY, null, null), storage);
        assertThat(fromValue.keySource()).isEqualTo("backup.signing.key");
        Path keyFile = Files.writeString(dir.resolve("same.key"), KEY);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        // the id comes from the key: the same key as a file or a value is the same key
        assertThat(SigningKeyFile.signer(file(keyFile), storage).keyId()).isEqualTo(fromValue.keyId());
        assertThat(new SigningProperties(null, KEY, null, null).toString()).doesNotContain(KEY).contains("(hidden)");

        String notAKey = "hunter2hunter2";
        ConfigInvalidException bad = catchThrowableOfType(ConfigInvalidException.class,
                () -> new SigningProperties(null, notAKey, null, null));
        assertThat(bad).hasMessageStartingWith("CONFIG_INVALID: backup.signing.key (BACKUP_SIGNING_KEY) = '(hidden)': "
                + "not a signing key").hasMessageNotContaining(notAKey);
        ConfigInvalidException both = catchThrowableOfType(ConfigInvalidException.class,
                () -> new SigningProperties(keyFile, KEY, null, null));
        assertThat(both).hasMessageContaining("both a key and a key file are set").hasMessageNotContaining(KEY);
        ConfigInvalidException previous = catchThrowableOfType(ConfigInvalidException.class,
                () -> new SigningProperties(null, KEY, null, List.of(notAKey)));
        assertThat(previous).hasMessageStartingWith("CONFIG_INVALID: backup.signing.previous-keys[0]")
                .hasMessageNotContaining(notAKey);
    }
}
