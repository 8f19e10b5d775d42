package dev.neo4jbackup.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/** The free-space rule as a table: required, usable, total and the minimum share give the verdict and its numbers. */
class SpaceCheckTest {

    private static final long MB = 1024 * 1024;

    @ParameterizedTest(name = "required {0} MB, usable {1} MB of {2} MB, min {3}: {4}")
    @CsvSource(delimiter = ';', textBlock = """
            # required ; usable ; total ; min  ; verdict       ; numbers
            100        ; 500    ; 1000  ; 0.10 ; OK            ;
            500        ; 500    ; 1000  ; 0.0  ; OK            ;
            524        ; 50     ; 1000  ; 0.10 ; NOT_ENOUGH    ; Required: 524.0 MB | Available: 50.0 MB
            501        ; 500    ; 1000  ; 0.0  ; NOT_ENOUGH    ; Required: 501.0 MB | Available: 500.0 MB
            450        ; 500    ; 1000  ; 0.10 ; UNDER_MINIMUM ; Required: 450.0 MB | Available: 500.0 MB of 1000.0 MB (50.0 % free)
            400        ; 500    ; 1000  ; 0.10 ; OK            ;
            0          ; 50     ; 1000  ; 0.10 ; UNDER_MINIMUM ; Required: unknown | Available: 50.0 MB of 1000.0 MB (5.0 % free)
            0          ; 150    ; 1000  ; 0.10 ; OK            ;
            100        ; 500    ; 0     ; 0.99 ; OK            ;
            """)
    void theVerdictAndItsNumbers(long requiredMb, long usableMb, long totalMb, double min, SpaceCheck.Verdict verdict,
            String numbers) {
        SpaceCheck check = new FreeSpace(usableMb * MB, totalMb * MB).check(requiredMb * MB, min);

        assertThat(check.verdict()).isEqualTo(verdict);
        assertThat(check.ok()).isEqualTo(verdict == SpaceCheck.Verdict.OK);
        Optional<BackupFailure> refusal = check.refusal(Path.of("/backups"), "for this backup", "after this backup",
                null);
        assertThat(refusal.isPresent()).isEqualTo(verdict != SpaceCheck.Verdict.OK);
        refusal.ifPresent(failure -> {
            assertThat(failure.code()).isEqualTo(ErrorCode.BACKUP_NO_SPACE);
            assertThat(failure.numbers()).isEqualTo(numbers);
            assertThat(failure.action()).isEqualTo(ErrorCode.BACKUP_NO_SPACE.action());
        });
    }

    @Test
    void theReasonsNameTheFolderWhatTheSpaceIsForAndTheMinimum() {
        BackupFailure notEnough = new SpaceCheck(524 * MB, 50 * MB, 1000 * MB, 0.1)
                .refusal(Path.of("/backups"), "for this backup", "after this backup", "free some").orElseThrow();
        assertThat(notEnough.reason()).isEqualTo("Not enough space in /backups for this backup");
        assertThat(notEnough.action()).isEqualTo("free some");

        BackupFailure underMinimum = new SpaceCheck(450 * MB, 500 * MB, 1000 * MB, 0.1)
                .refusal(Path.of("/backups"), "for this backup", "after this backup", null).orElseThrow();
        assertThat(underMinimum.reason()).isEqualTo("Free space on /backups would fall to 5.0 % after this backup, "
                + "under the 10 % minimum (backup.disk.min-free-ratio)");
    }
}
