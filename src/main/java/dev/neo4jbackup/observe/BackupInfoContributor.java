package dev.neo4jbackup.observe;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.schedule.CronSchedule;

/**
 * {@code /actuator/info} under {@code backup}: what this service does and when (version, schedule in words,
 * next run, retention, storage, compression). Nothing secret: no credentials, no addresses of Neo4j.
 */
final class BackupInfoContributor implements InfoContributor {

    private final String version;
    private final BackupProperties properties;
    private final Path storage;
    private final CronSchedule schedule;
    private final BackupView view;

    /** @param storage the storage folder as the catalogue resolved it (absolute) */
    public BackupInfoContributor(String version, BackupProperties properties, Path storage,
            CronSchedule schedule, BackupView view) {
        this.version = version;
        this.properties = properties;
        this.storage = storage;
        this.schedule = schedule;
        this.view = view;
    }

    @Override
    public void contribute(Info.Builder builder) {
        Map<String, Object> backup = new LinkedHashMap<>();
        backup.put("version", version);
        backup.put("databases", properties.databases());
        backup.put("schedule", Map.of("expression", schedule.expression(), "description", schedule.description(),
                "timezone", properties.timezone().getId()));
        backup.put("nextRun", view.nextRun().map(Instant::toString).orElse("none"));
        backup.put("maxAge", properties.maxAge().toString());
        backup.put("retention", retention(properties.retention()));
        backup.put("storage", Map.of("path", storage.toString()));
        backup.put("compression", properties.compression().name().toLowerCase(Locale.ROOT));
        builder.withDetail("backup", backup);
    }

    static Map<String, Object> retention(BackupProperties.Retention r) {
        Map<String, Object> policy = new LinkedHashMap<>();
        if (r.keepLast() != null && r.keepLast() > 0) {
            policy.put("keepLast", r.keepLast());
        }
        if (r.keepHourly() > 0) {
            policy.put("keepHourly", r.keepHourly());
        }
        policy.put("keepDaily", r.keepDaily());
        policy.put("keepWeekly", r.keepWeekly());
        policy.put("keepMonthly", r.keepMonthly());
        if (r.keepWithin() != null) {
            policy.put("keepWithin", r.keepWithin().toString());
        }
        policy.put("minKeep", r.minKeep());
        StringBuilder text = new StringBuilder();
        if (r.keepLast() != null && r.keepLast() > 0) {
            text.append("last ").append(r.keepLast()).append(", ");
        }
        if (r.keepHourly() > 0) {
            text.append(r.keepHourly()).append(" hourly, ");
        }
        text.append(r.keepDaily()).append(" daily, ").append(r.keepWeekly()).append(" weekly, ")
                .append(r.keepMonthly()).append(" monthly");
        if (r.keepWithin() != null) {
            text.append(", all within ").append(r.keepWithin());
        }
        text.append("; never fewer than ").append(r.minKeep());
        policy.put("description", text.toString());
        return policy;
    }
}
