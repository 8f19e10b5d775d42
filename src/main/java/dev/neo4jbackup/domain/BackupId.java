package dev.neo4jbackup.domain;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;


/**
 * {@code <database>-<yyyyMMdd-HHmmss>} in UTC. Anything else given as an id is refused, so that an id
 * can never name a path outside the storage folder.
 */
public record BackupId(String database, Instant created) implements Comparable<BackupId> {

    /** The database part is Neo4j's naming rule, the same one every edge checks names against. */
    private static final Pattern PATTERN = Pattern.compile("^(" + DatabaseName.REGEX + ")-(\\d{8}-\\d{6})$");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    public BackupId {
        created = created.truncatedTo(ChronoUnit.SECONDS);
    }

    public static BackupId of(String database, Instant created) {
        return new BackupId(database, created);
    }

    public static Optional<BackupId> tryParse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = PATTERN.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            Instant created = LocalDateTime.parse(m.group(2), STAMP).toInstant(ZoneOffset.UTC);
            return Optional.of(new BackupId(m.group(1), created));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Parses an id given by an operator; a malformed one is refused with the expected form. */
    public static BackupId parse(String text) {
        return tryParse(text).orElseThrow(() -> new Invalid("'" + text
                + "' is not a backup id: expected <database>-<yyyyMMdd-HHmmss>, e.g. neo4j-20251227-020000"));
    }

    /** A malformed id given by an operator; the edges (CLI, API) answer it as INVALID_INPUT. */
    public static final class Invalid extends IllegalArgumentException {
        Invalid(String message) {
            super(message);
        }
    }

    @Override
    public String toString() {
        return database + "-" + STAMP.format(LocalDateTime.ofInstant(created, ZoneOffset.UTC));
    }

    @Override
    public int compareTo(BackupId other) {
        int byTime = created.compareTo(other.created);
        return byTime != 0 ? byTime : database.compareTo(other.database);
    }
}
