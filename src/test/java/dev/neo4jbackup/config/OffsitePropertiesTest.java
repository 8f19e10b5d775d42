package dev.neo4jbackup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * backup.destinations.<name>: defaults, validation as one CONFIG_INVALID line (never the secret key), the
 * environment form, and the names known to the start-up check.
 */
class OffsitePropertiesTest {

    static OffsiteProperties bind(Map<String, String> values) {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource();
        values.forEach((k, v) -> source.put("backup.destinations." + k, v));
        return new Binder(source).bindOrCreate("backup", OffsiteProperties.class);
    }

    @Test
    void noDestinationByDefaultAndTheDefaultsOfOne() {
        assertThat(bind(Map.of()).destinations()).isEmpty();
        OffsiteProperties.Destination d = bind(Map.of("offsite.bucket", "neo4j-backups")).destinations().get("offsite");
        assertThat(d.type()).isEqualTo(OffsiteProperties.Type.S3);
        assertThat(d.region()).isEqualTo("us-east-1");
        assertThat(d.prefix()).isNull();
        assertThat(d.prefixOr("host-1")).isEqualTo("host-1");
        assertThat(d.requestChecksum()).isEqualTo(OffsiteProperties.RequestChecksum.WHEN_REQUIRED);
        assertThat(d.partSize().toMegabytes()).isEqualTo(16);
        assertThat(d.attempts()).isEqualTo(3);
        assertThat(d.retryDelays()).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(5),
                Duration.ofMinutes(30), Duration.ofHours(1));
        assertThat(d.retention().keepDaily()).isNull();
        assertThat(d.accessKeyId()).isNull();
    }

    @Test
    void fromTheEnvironmentWithTheSecretHiddenInToString() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of("BACKUP_DESTINATIONS_OFFSITE_BUCKET", "neo4j-backups",
                                "BACKUP_DESTINATIONS_OFFSITE_ENDPOINT", "http://minio:9000",
                                "BACKUP_DESTINATIONS_OFFSITE_PATHSTYLE", "true",
                                "BACKUP_DESTINATIONS_OFFSITE_PREFIX", "/prod/db1/",
                                "BACKUP_DESTINATIONS_OFFSITE_ACCESSKEYID", "AKIAEXAMPLE",
                                "BACKUP_DESTINATIONS_OFFSITE_SECRETACCESSKEY", "s3cr3t-value-xyz",
                                "BACKUP_DESTINATIONS_OFFSITE_REQUESTCHECKSUM", "when_supported",
                                "BACKUP_DESTINATIONS_OFFSITE_RETENTION_KEEPDAILY", "30")));
        OffsiteProperties properties = new Binder(ConfigurationPropertySources.get(environment))
                .bindOrCreate("backup", OffsiteProperties.class);
        OffsiteProperties.Destination d = properties.destinations().get("offsite");
        assertThat(d.pathStyle()).isTrue();
        assertThat(d.prefix()).isEqualTo("prod/db1");
        assertThat(d.requestChecksum()).isEqualTo(OffsiteProperties.RequestChecksum.WHEN_SUPPORTED);
        assertThat(d.retention().keepDaily()).isEqualTo(30);
        assertThat(properties.toString()).doesNotContain("s3cr3t-value-xyz").doesNotContain("AKIAEXAMPLE")
                .contains("(hidden)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Off.bucket=b1b                       | backup.destinations.Off                             | not a destination name
            o.endpoint=x                         | backup.destinations.o.bucket                        | no bucket
            o.bucket=UPPER                       | backup.destinations.o.bucket                        | not an S3 bucket name
            o.bucket=bkt;o.endpoint=ftp://h      | backup.destinations.o.endpoint                      | not an http(s) URL
            o.bucket=bkt;o.endpoint=http://u:s3cr3t@h | backup.destinations.o.endpoint                 | not an http(s) URL
            o.bucket=bkt;o.prefix=a/../b         | backup.destinations.o.prefix                        | not a safe key prefix
            o.bucket=bkt;o.secret-access-key=s3cr3t | backup.destinations.o.access-key-id              | need both
            o.bucket=bkt;o.server-side-encryption=rot13 | backup.destinations.o.server-side-encryption | not a server-side encryption
            o.bucket=bkt;o.kms-key-id=k          | backup.destinations.o.kms-key-id                    | needs aws:kms
            o.bucket=bkt;o.part-size=1MB         | backup.destinations.o.part-size                     | between 5MB and 5GB
            o.bucket=bkt;o.upload-parallelism=0  | backup.destinations.o.upload-parallelism            | between 1 and 16
            o.bucket=bkt;o.upload-parallelism=17 | backup.destinations.o.upload-parallelism            | between 1 and 16
            o.bucket=bkt;o.attempts=0            | backup.destinations.o.attempts                      | between 1 and 10
            o.bucket=bkt;o.timeout=0s            | backup.destinations.o.timeout                       | positive duration
            o.bucket=bkt;o.retention.keep-daily=-1 | backup.destinations.o.retention.keep-daily        | must not be negative
            """)
    void refusedWithOneLineThatNamesThePropertyAndNeverTheSecret(String values, String property, String problem) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : values.split(";")) {
            String[] kv = pair.split("=", 2);
            map.put(kv[0], kv[1]);
        }
        assertThatThrownBy(() -> bind(map)).isInstanceOf(BindException.class).rootCause()
                .isInstanceOf(ConfigInvalidException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(property).contains(problem)
                        .doesNotContain("s3cr3t"));
    }

    @Test
    void theNamesAreKnownToTheStartUpCheck() {
        KnownProperties known = KnownProperties.get();
        for (String name : new String[] { "backup.destinations.offsite.bucket", "backup.destinations.offsite.endpoint",
                "backup.destinations.offsite.secret-access-key", "backup.destinations.offsite.retention.keep-daily",
                "backup.destinations.b2.request-checksum", "backup.destinations.offsite.path-style" }) {
            assertThat(known.problem(ConfigurationPropertyName.of(name))).as(name).isEmpty();
        }
        assertThat(known.problem(ConfigurationPropertyName.of("backup.destinations.offsite.buckett"))).isPresent();
    }
}
