package dev.neo4jbackup.crypt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.neo4jbackup.archive.Opener;
import dev.neo4jbackup.archive.Sealer;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.domain.AgeRecipient;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.neo4j.ChildEnvironment;

/**
 * What {@code backup.encryption.*} makes of the archive slots: the seal every new archive goes through
 * (none without recipients), and the opener of sealed archives (none without an identity file).
 */
public final class Encryption {

    private final BackupProperties.Encryption settings;
    private final AgeProgram age;

    private Encryption(BackupProperties.Encryption settings, ChildEnvironment environment) {
        this.settings = settings;
        this.age = new AgeProgram(settings.ageBinary(), environment);
    }

    /** For tools and tests without a configuration: age's environment drops secret-named variables only. */
    public static Encryption of(BackupProperties.Encryption settings) {
        return of(settings, ChildEnvironment.byName());
    }

    /** @param environment the service's rule for its children: age sees none of the service's secrets either */
    public static Encryption of(BackupProperties.Encryption settings, ChildEnvironment environment) {
        return new Encryption(settings, environment);
    }

    /** New archives are encrypted. */
    public boolean sealing() {
        return settings.enabled();
    }

    /** The seal of new archives: age to the recipients, or {@link Sealer#NONE}. */
    public Sealer sealer() {
        if (!settings.enabled()) {
            return Sealer.NONE;
        }
        return new AgeSealer(age, settings.recipients().stream().map(AgeRecipient::new).toList(),
                settings.recipientsFile());
    }

    /** Before Neo4j stops: ENCRYPTION_UNAVAILABLE when new archives are to be encrypted and age cannot run. */
    public Optional<String> requireAvailable() {
        return settings.enabled() ? Optional.of(age.requirePresent()) : Optional.empty();
    }

    /** The opener of sealed archives, when an identity file is configured. */
    public Optional<Opener> opener() {
        return settings.identityFile() == null ? Optional.empty()
                : Optional.of(new AgeOpener(age, settings.identityFile()));
    }

    /**
     * A warning when the identity file can be read by others than its owner (group or world): whoever reads it
     * decrypts every backup. Empty when it is owner-only, when none is configured, or on a filesystem without
     * POSIX permissions.
     */
    public Optional<String> identityExposed() {
        Path file = settings.identityFile();
        if (file == null) {
            return Optional.empty();
        }
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(file);
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
        List<String> who = new ArrayList<>();
        if (mode.contains(PosixFilePermission.GROUP_READ)) {
            who.add("its group");
        }
        if (mode.contains(PosixFilePermission.OTHERS_READ)) {
            who.add("every user");
        }
        if (who.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the age identity file " + file + " (backup.encryption.identity-file) is readable by "
                + String.join(" and ", who) + " (" + PosixFilePermissions.toString(mode)
                + "): whoever reads it decrypts every backup; chmod 600 " + file);
    }

    /** ENCRYPTION_KEY_MISSING for a sealed backup that cannot be read here, before anything is touched. */
    public static BackupFailure keyMissing(Manifest manifest, String what) {
        return new BackupFailure(ErrorCode.ENCRYPTION_KEY_MISSING, "Backup " + manifest.id() + " is encrypted "
                + "(age, to " + String.join(", ", manifest.encryption().recipientFingerprints()) + ") and "
                + "backup.encryption.identity-file is not set: cannot " + what + "; nothing was touched", null, null,
                null);
    }
}
