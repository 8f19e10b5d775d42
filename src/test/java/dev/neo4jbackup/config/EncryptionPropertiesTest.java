package dev.neo4jbackup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.neo4jbackup.domain.AgeRecipient;
import dev.neo4jbackup.testing.TestProperties;

/** backup.encryption.*: what binds, what is refused at the start with the property and the fix. */
class EncryptionPropertiesTest {

    static final String KEY = "age1q9g7q3mp8mj6rswpcdx330tdmkncr3r3524sc3pu4qw7s9amq9gsxywl9t";
    static final String OTHER = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";

    @TempDir
    Path dir;

    static BackupProperties bind(String... pairs) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("storage.path", System.getProperty("java.io.tmpdir"));
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return TestProperties.bind(values);
    }

    @Test
    void offByDefaultAndOnWithAKey() {
        assertThat(bind().encryption().enabled()).isFalse();
        assertThat(bind().encryption().ageBinary()).isEqualTo("age");
        BackupProperties.Encryption on = bind("encryption.recipients", KEY + ", " + OTHER + "," + KEY).encryption();
        assertThat(on.enabled()).isTrue();
        assertThat(on.recipients()).containsExactly(KEY, OTHER);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // what an operator pastes by mistake | the value the message shows
            "AGE-SECRET-KEY-1FL3CL3NWCM6ZA2KVX48X0EKASGWRSXSS3655HCHUP3Z8X0XKL9YSFSEEMY|AGE-SECRET-K...",
            "age1q9g7q3mp8mj6rswpcdx330tdmkncr3r3524sc3pu4qw7s9amq9gsxywl9|age1q9g7q3mp...",
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI|ssh-ed25519 ...",
            "age1bad|age1bad"})
    void aValueThatIsNoAgePublicKeyIsRefusedWithoutEchoingASecret(String value, String shown) {
        assertThatThrownBy(() -> bind("encryption.recipients", value)).rootCause()
                .isInstanceOf(ConfigInvalidException.class)
                .hasMessageContaining("backup.encryption.recipients (BACKUP_ENCRYPTION_RECIPIENTS) = '" + shown + "'")
                .hasMessageContaining("not an age public key").hasMessageNotContaining("FL3CL3NWCM6ZA2");
    }

    @Test
    void theRecipientsFileIsCheckedLineByLine() throws Exception {
        Path good = Files.writeString(dir.resolve("good.txt"), "# ops team\n" + KEY + "\n\n" + OTHER + "\n");
        assertThat(bind("encryption.recipients-file", good.toString()).encryption().enabled()).isTrue();

        Path bad = Files.writeString(dir.resolve("bad.txt"), KEY + "\nnot a key\n");
        assertThatThrownBy(() -> bind("encryption.recipients-file", bad.toString())).rootCause()
                .hasMessageContaining("backup.encryption.recipients-file").hasMessageContaining("line 2");
        Path empty = Files.writeString(dir.resolve("empty.txt"), "# nobody\n");
        assertThatThrownBy(() -> bind("encryption.recipients-file", empty.toString())).rootCause()
                .hasMessageContaining("holds no age public key");
        assertThatThrownBy(() -> bind("encryption.recipients-file", dir.resolve("none.txt").toString())).rootCause()
                .hasMessageContaining("no such file");
    }

    @Test
    void theIdentityFileMustExist() {
        assertThatThrownBy(() -> bind("encryption.identity-file", dir.resolve("key.txt").toString())).rootCause()
                .hasMessageContaining("backup.encryption.identity-file (BACKUP_ENCRYPTION_IDENTITYFILE)")
                .hasMessageContaining("no such file");
    }

    @ParameterizedTest
    @CsvSource({KEY + ",true", OTHER + ",true", "age1,false", "AGE1Q9G7Q3MP8MJ6RSWPCDX330TDMKNCR3R3524SC3PU4QW7S9AMQ9GSXYWL9T,false"})
    void theKeyRule(String text, boolean valid) {
        assertThat(AgeRecipient.isValid(text)).isEqualTo(valid);
    }

    @Test
    void aFingerprintIsShortStableAndNotTheKey() {
        String fingerprint = new AgeRecipient(KEY).fingerprint();
        assertThat(fingerprint).matches("sha256:[0-9a-f]{16}").isEqualTo(new AgeRecipient(KEY).fingerprint())
                .isNotEqualTo(new AgeRecipient(OTHER).fingerprint());
        assertThat(fingerprint).doesNotContain(KEY.substring(4, 12));
    }
}
