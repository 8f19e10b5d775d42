package dev.neo4jbackup.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.cronutils.descriptor.CronDescriptor;
import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import dev.neo4jbackup.backup.NextRuns;
import dev.neo4jbackup.config.ConfigInvalidException;

/**
 * {@code backup.schedule}: a cron expression read by cron-utils, evaluated in {@code backup.timezone}.
 * Five fields are Unix cron, six fields are seconds-first (Spring), six or seven with Quartz's
 * {@code ? L W #} are Quartz, and the macros @hourly, @daily, @weekly, @monthly, @yearly are the
 * Unix expressions cron(8) gives them.
 */
public final class CronSchedule implements NextRuns {

    static final String PROPERTY = "backup.schedule";
    private static final String EXAMPLE = "use e.g. BACKUP_SCHEDULE='0 2 * * *' (every day at 02:00), "
            + "'0 0 2 * * *' (with seconds), '0 0 2 ? * MON' (Quartz) or @daily";

    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");

    private final String expression;
    private final ZoneId zone;
    private final CronType type;
    private final ExecutionTime executions;
    private final String description;

    private CronSchedule(String expression, ZoneId zone, CronType type, Cron cron) {
        this.expression = expression;
        this.zone = zone;
        this.type = type;
        this.executions = ExecutionTime.forCron(cron);
        this.description = describe(expression, CronDescriptor.instance(Locale.UK).describe(cron)) + " "
                + zoneName(zone);
    }

    /**
     * @param now the start-up time: an expression with no execution after it never fires and is refused
     */
    public static CronSchedule parse(String expression, ZoneId zone, Instant now) {
        return parse(expression, zone, now, PROPERTY);
    }

    /** @param property the property named when the expression is refused (the drill has its own) */
    public static CronSchedule parse(String expression, ZoneId zone, Instant now, String property) {
        String text = expression == null ? "" : expression.trim().replaceAll("\\s+", " ");
        String cronText = MACROS.getOrDefault(text.toLowerCase(Locale.ROOT), text);
        if (text.startsWith("@") && !MACROS.containsKey(text.toLowerCase(Locale.ROOT))) {
            throw new ConfigInvalidException(property, expression, "unknown macro (known: @hourly, @daily, @weekly, "
                    + "@monthly, @yearly)", EXAMPLE);
        }
        CronType type = typeOf(cronText);
        if (type == null) {
            throw new ConfigInvalidException(property, expression,
                    "a cron expression has 5 fields (Unix), 6 (with seconds) or 7 (Quartz with year)", EXAMPLE);
        }
        Cron cron;
        try {
            cron = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(type)).parse(cronText);
            cron.validate();
        } catch (IllegalArgumentException e) {
            throw new ConfigInvalidException(property, expression, "not a valid " + typeName(type) + " cron expression ("
                    + e.getMessage() + ")", EXAMPLE);
        }
        CronSchedule schedule = new CronSchedule(text, zone, type, cron);
        if (schedule.nextAfter(now).isEmpty()) {
            throw new ConfigInvalidException(property, expression, "never fires (no date matches it)", EXAMPLE);
        }
        return schedule;
    }

    /** cron-utils says "at 02:00" for a daily time; operators read "every day at 02:00". */
    private static String describe(String expression, String words) {
        String[] fields = MACROS.getOrDefault(expression.toLowerCase(Locale.ROOT), expression).split(" ");
        int firstDayField = fields.length == 5 ? 2 : 3;
        boolean everyDay = fields.length >= 5 && Arrays.asList(fields)
                .subList(firstDayField, firstDayField + 3).stream().allMatch(f -> f.equals("*") || f.equals("?"));
        return everyDay && words.startsWith("at ") && !words.contains("every") ? "every day " + words : words;
    }

    private static CronType typeOf(String text) {
        int fields = text.split(" ").length;
        boolean quartzOnly = text.matches(".*[?LW#].*");
        return switch (fields) {
            case 5 -> CronType.UNIX;
            case 6 -> quartzOnly ? CronType.QUARTZ : CronType.SPRING53;
            case 7 -> CronType.QUARTZ;
            default -> null;
        };
    }

    private static String typeName(CronType type) {
        return switch (type) {
            case UNIX -> "Unix (5-field)";
            case SPRING53, SPRING -> "6-field (seconds first)";
            default -> "Quartz";
        };
    }

    private static String zoneName(ZoneId zone) {
        return zone.getId().equals("Z") || zone.getId().equals("Etc/UTC") ? "UTC" : zone.getId();
    }

    /**
     * The first execution strictly after {@code time}; empty when the expression never fires again.
     * <p>
     * The expression is matched against the wall clock of the zone, then placed in the zone the way
     * java.time resolves local times: a time skipped by the spring-forward change runs shifted by the
     * gap (02:30 becomes 03:30) instead of being lost for that day, and a time repeated by the
     * fall-back change runs once, at its first occurrence.
     */
    @Override
    public Optional<Instant> nextAfter(Instant time) {
        LocalDateTime wall = LocalDateTime.ofInstant(time, zone);
        for (int guard = 0; guard < 4; guard++) {
            Optional<LocalDateTime> next;
            try {
                next = executions.nextExecution(wall.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toLocalDateTime);
            } catch (RuntimeException e) {
                // cron-utils gives up with an exception on some dates that cannot exist (30 February)
                return Optional.empty();
            }
            if (next.isEmpty()) {
                return Optional.empty();
            }
            Instant at = ZonedDateTime.ofLocal(next.get(), zone, null).toInstant();
            if (at.isAfter(time)) {
                return Optional.of(at);
            }
            wall = next.get(); // the repeated hour after a fall-back change: that wall time has passed
        }
        return Optional.empty();
    }

    /** The time between the two executions after {@code time}: "one schedule interval" for catch-up. */
    public Duration intervalAfter(Instant time) {
        Instant first = nextAfter(time).orElseThrow();
        return nextAfter(first).map(second -> Duration.between(first, second)).orElse(Duration.ofDays(365));
    }

    public String expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }

    public String type() {
        return typeName(type);
    }

    /** In words, for the start-up log and /actuator/info: "at 02:00 UTC". */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return expression + " (" + description + ")";
    }
}
