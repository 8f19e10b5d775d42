package dev.neo4jbackup.catalog;

import java.util.Locale;
import java.util.Optional;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.format.Sizes;

/**
 * The one free-space rule, a pure function: {@code required} bytes fit when they are at most the usable
 * bytes and leave at least {@code minFreeRatio} of the filesystem free (backup.disk.min-free-ratio). Runs,
 * validations and the disk alert all judge space with it.
 *
 * @param required     bytes about to be written; 0 or less when unknown (then only the minimum is checked)
 * @param usable       bytes free for us on the filesystem
 * @param total        the filesystem's size; 0 when it reports none (counted as all free)
 * @param minFreeRatio the share that must stay free, 0 for none
 */
public record SpaceCheck(long required, long usable, long total, double minFreeRatio) {

    public enum Verdict {
        /** It fits and the minimum stays free. */
        OK,
        /** More is required than is usable. */
        NOT_ENOUGH,
        /** It fits, but free space would fall under the minimum share. */
        UNDER_MINIMUM
    }

    public Verdict verdict() {
        if (required > usable) {
            return Verdict.NOT_ENOUGH;
        }
        return freeAfter() < minFreeRatio ? Verdict.UNDER_MINIMUM : Verdict.OK;
    }

    public boolean ok() {
        return verdict() == Verdict.OK;
    }

    /** The free share of the filesystem once {@code required} is written. */
    public double freeAfter() {
        return total == 0 ? 1.0 : (double) (usable - Math.max(required, 0)) / total;
    }

    /**
     * The numbers of a refusal: {@code Required: X | Available: Y}, with {@code of T (p % free)} when the
     * minimum share is what refuses.
     */
    public String numbers() {
        String numbers = numbers(required, usable);
        if (verdict() == Verdict.UNDER_MINIMUM) {
            numbers += " of " + Sizes.human(total) + String.format(Locale.ROOT, " (%.1f %% free)",
                    total == 0 ? 100.0 : usable * 100.0 / total);
        }
        return numbers;
    }

    /** {@code Required: X | Available: Y}; X is "unknown" when {@code required} is 0 or less. */
    public static String numbers(long required, long usable) {
        return "Required: " + (required > 0 ? Sizes.human(required) : "unknown") + " | Available: "
                + Sizes.human(usable);
    }

    /**
     * BACKUP_NO_SPACE when it does not fit, with the numbers; empty when it does.
     *
     * @param where  the folder written to, as the reason names it
     * @param forWhat what the space is for, after "Not enough space in {where} " (e.g. "for this backup")
     * @param after  when free space would fall under the minimum, e.g. "after this backup"
     * @param action what to do, or null for the code's own action
     */
    public Optional<BackupFailure> refusal(Object where, String forWhat, String after, String action) {
        return switch (verdict()) {
            case OK -> Optional.empty();
            case NOT_ENOUGH -> Optional.of(new BackupFailure(ErrorCode.BACKUP_NO_SPACE,
                    "Not enough space in " + where + " " + forWhat, numbers(), action, null));
            case UNDER_MINIMUM -> Optional.of(new BackupFailure(ErrorCode.BACKUP_NO_SPACE, String.format(Locale.ROOT,
                    "Free space on %s would fall to %.1f %% %s, under the %.0f %% minimum (backup.disk.min-free-ratio)",
                    where, freeAfter() * 100, after, minFreeRatio * 100), numbers(), action, null));
        };
    }
}
