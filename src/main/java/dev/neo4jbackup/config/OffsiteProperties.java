package dev.neo4jbackup.config;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Off-site copies ({@code backup.destinations.<name>}): object stores that get a copy of every backup after
 * the local publish, each with its own retention. A record of its own beside {@link BackupProperties} (same
 * prefix), so that the run's properties need not change for a destination. It stays in {@code config}, not in
 * {@code offsite}: the start-up check of every name ({@code KnownProperties}) and the secrets kept from child
 * processes ({@code neo4j.Neo4jConfiguration}) read it, and neither may know the off-site copies.
 */
@ConfigurationProperties("backup")
public record OffsiteProperties(Map<String, Destination> destinations) {

    public OffsiteProperties {
        destinations = destinations == null ? Map.of() : new TreeMap<>(destinations);
        destinations.forEach((name, destination) -> destination.check(name));
    }

    /** Destination names appear in metrics, keys of the state file and {@code --from <name>}. */
    static final String NAME = "[a-z0-9][a-z0-9_-]{0,31}";

    /** The kind of store ({@code type}), which the off-site copies' factory turns into its client. */
    public enum Type {
        S3
    }

    /** The SDK's request-checksum calculation: WHEN_REQUIRED works with every S3-compatible store. */
    public enum RequestChecksum {
        WHEN_REQUIRED, WHEN_SUPPORTED
    }

    /**
     * One destination: what every type has ({@code type}, {@code prefix}, a request's {@code timeout}, the
     * queue's {@code attempts} and {@code retry-delays}, {@code retention}), then each type's own settings, flat
     * under the same name (an S3-compatible store's: {@code endpoint} to {@code upload-parallelism}).
     *
     * @param endpoint             the store's URL (empty: AWS for the region), e.g. http://minio:9000
     * @param prefix               where this service's backups go in the bucket (default: the host name); each
     *                             database under {@code <prefix>/<database>/}
     * @param pathStyle            bucket in the path (MinIO, s3proxy, Ceph) instead of the host name
     * @param accessKeyId          with {@code secretAccessKey}: static credentials; both empty: the AWS
     *                             default chain (environment, profile, instance or task role)
     * @param secretAccessKey      never logged, never in an error or the configuration dump
     * @param storageClass         e.g. STANDARD_IA, GLACIER_IR (empty: the bucket's default)
     * @param serverSideEncryption AES256 or aws:kms (empty: the bucket's default)
     * @param kmsKeyId             with aws:kms, the key (empty: the account's default key)
     * @param requestChecksum      WHEN_REQUIRED (default) or WHEN_SUPPORTED; the SHA-256 of every part is
     *                             sent either way
     * @param partSize             multipart part size (5 MB to 5 GB); the archive is streamed a part at a time
     * @param uploadParallelism    parts of one archive in flight at once (1 to 16); each is streamed from the file,
     *                             so the heap does not grow with it
     * @param timeout              one request's attempt may take this long before it fails
     * @param attempts             tries of one upload before it is queued (with a growing pause)
     * @param retryDelays          a queued upload is tried again after each delay in turn (the last repeats)
     * @param retention            its own keep-daily/weekly/monthly; an empty one is the local one's
     */
    public record Destination(
            @DefaultValue("s3") Type type,
            String endpoint,
            @DefaultValue("us-east-1") String region,
            String bucket,
            String prefix,
            @DefaultValue("false") boolean pathStyle,
            String accessKeyId,
            String secretAccessKey,
            String storageClass,
            String serverSideEncryption,
            String kmsKeyId,
            @DefaultValue("when_required") RequestChecksum requestChecksum,
            @DefaultValue("16MB") DataSize partSize,
            @DefaultValue("4") int uploadParallelism,
            @DefaultValue("10m") Duration timeout,
            @DefaultValue("3") int attempts,
            @DefaultValue({"1m", "5m", "30m", "1h"}) List<Duration> retryDelays,
            @DefaultValue DestinationRetention retention) {

        public Destination {
            type = type == null ? Type.S3 : type;
            endpoint = blankToNull(endpoint);
            region = blankToNull(region) == null ? "us-east-1" : region.trim();
            bucket = blankToNull(bucket);
            prefix = blankToNull(prefix) == null ? null : trimSlashes(prefix.trim());
            accessKeyId = blankToNull(accessKeyId);
            secretAccessKey = blankToNull(secretAccessKey);
            storageClass = blankToNull(storageClass);
            serverSideEncryption = blankToNull(serverSideEncryption);
            kmsKeyId = blankToNull(kmsKeyId);
            requestChecksum = requestChecksum == null ? RequestChecksum.WHEN_REQUIRED : requestChecksum;
            partSize = partSize == null ? DataSize.ofMegabytes(16) : partSize;
            retryDelays = retryDelays == null || retryDelays.isEmpty() ? List.of(Duration.ofMinutes(1)) : List.copyOf(
                    retryDelays);
            retention = retention == null ? new DestinationRetention(null, null, null) : retention;
        }

        void check(String name) {
            String at = "backup.destinations." + name + ".";
            if (!name.matches(NAME)) {
                throw new ConfigInvalidException("backup.destinations." + name, name, "not a destination name",
                        "use lower-case letters, digits, - and _ (at most 32), e.g. offsite");
            }
            checkPrefix(at);
            // each type's own settings
            switch (type) {
                case S3 -> checkS3(at);
            }
            BackupProperties.requirePositive(at + "timeout", timeout);
            if (attempts < 1 || attempts > 10) {
                throw new ConfigInvalidException(at + "attempts", attempts, "must be between 1 and 10",
                        "use e.g. 3");
            }
            for (Duration delay : retryDelays) {
                BackupProperties.requirePositive(at + "retry-delays", delay);
            }
            retention.check(at + "retention.");
        }

        /** The settings of {@code type: s3}: bucket, endpoint, credentials, encryption, storage class, parts. */
        private void checkS3(String at) {
            if (bucket == null) {
                throw new ConfigInvalidException(at + "bucket", "", "no bucket", "name the bucket, e.g. "
                        + ConfigInvalidException.envName(at + "bucket") + "=neo4j-backups");
            }
            if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
                throw new ConfigInvalidException(at + "bucket", bucket, "not an S3 bucket name",
                        "use 3 to 63 lower-case letters, digits, dots and dashes");
            }
            if (endpoint != null) {
                URI uri;
                try {
                    uri = URI.create(endpoint.trim());
                } catch (IllegalArgumentException e) {
                    uri = null;
                }
                if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme())
                        || "https".equals(uri.getScheme())) || uri.getUserInfo() != null) {
                    // the value may carry credentials (user:secret@host): never echoed
                    throw new ConfigInvalidException(at + "endpoint", endpoint.replaceAll("//.*@", "//...@"),
                            "not an http(s) URL without credentials", "use e.g. https://s3.eu-west-1.amazonaws.com "
                                    + "or http://minio:9000; credentials go in access-key-id and secret-access-key");
                }
            }
            if ((accessKeyId == null) != (secretAccessKey == null)) {
                throw new ConfigInvalidException(at + (accessKeyId == null ? "access-key-id" : "secret-access-key"),
                        "(hidden)", "static credentials need both the key id and the secret key",
                        "set both, or neither to use the AWS default credentials chain");
            }
            if (serverSideEncryption != null && !List.of("AES256", "aws:kms", "aws:kms:dsse")
                    .contains(serverSideEncryption)) {
                throw new ConfigInvalidException(at + "server-side-encryption", serverSideEncryption,
                        "not a server-side encryption", "use AES256 or aws:kms");
            }
            if (kmsKeyId != null && (serverSideEncryption == null || !serverSideEncryption.startsWith("aws:kms"))) {
                throw new ConfigInvalidException(at + "kms-key-id", kmsKeyId, "a KMS key needs aws:kms",
                        "set server-side-encryption to aws:kms, or remove the key");
            }
            if (storageClass != null && !storageClass.matches("[A-Z_]{2,40}")) {
                throw new ConfigInvalidException(at + "storage-class", storageClass, "not a storage class",
                        "use e.g. STANDARD, STANDARD_IA, GLACIER_IR");
            }
            long part = partSize.toBytes();
            if (part < 5L * 1024 * 1024 || part > 5L * 1024 * 1024 * 1024) {
                throw new ConfigInvalidException(at + "part-size", partSize, "must be between 5MB and 5GB",
                        "use e.g. 16MB (S3's limits for a multipart part)");
            }
            if (uploadParallelism < 1 || uploadParallelism > 16) {
                throw new ConfigInvalidException(at + "upload-parallelism", uploadParallelism,
                        "must be between 1 and 16", "use e.g. 4 (parts of one archive uploaded at once)");
            }
        }

        /** The key prefix, which every type has: safe as a path of keys, no {@code ..} or {@code .} part. */
        private void checkPrefix(String at) {
            if (prefix != null && (!prefix.matches("[A-Za-z0-9._/-]{1,200}") || prefix.contains("//")
                    || Arrays.asList(prefix.split("/")).contains("..")
                    || Arrays.asList(prefix.split("/")).contains("."))) {
                throw new ConfigInvalidException(at + "prefix", prefix, "not a safe key prefix",
                        "use letters, digits, '.', '_', '-' and '/' between parts (no '..'), e.g. prod/db1");
            }
        }

        /** The key prefix of this service: the configured one, else the host name. */
        public String prefixOr(String host) {
            return prefix != null ? prefix : host;
        }

        /** Never the secret, not even in a debugger's toString or a configuration dump. */
        @Override
        public String toString() {
            return "Destination[type=" + type.name().toLowerCase(Locale.ROOT) + ", endpoint=" + endpoint + ", region="
                    + region + ", bucket=" + bucket + ", prefix=" + prefix + ", pathStyle=" + pathStyle
                    + ", accessKeyId=" + (accessKeyId == null ? "default chain" : "(hidden)") + ", secretAccessKey="
                    + (secretAccessKey == null ? "unset" : "(hidden)") + ", storageClass=" + storageClass
                    + ", serverSideEncryption=" + serverSideEncryption + ", requestChecksum=" + requestChecksum
                    + ", partSize=" + partSize + ", uploadParallelism=" + uploadParallelism + ", retention=" + retention + "]";
        }
    }

    /** A destination's own rules; each one not set is the local {@code backup.retention} one. */
    public record DestinationRetention(Integer keepDaily, Integer keepWeekly, Integer keepMonthly) {
        void check(String at) {
            for (Map.Entry<String, Integer> rule : new TreeMap<>(Map.of("keep-daily", keepDaily == null ? 0
                    : keepDaily, "keep-weekly", keepWeekly == null ? 0 : keepWeekly, "keep-monthly",
                    keepMonthly == null ? 0 : keepMonthly)).entrySet()) {
                if (rule.getValue() < 0) {
                    throw new ConfigInvalidException(at + rule.getKey(), rule.getValue(), "must not be negative",
                            "use 0 to turn the rule off, or leave it out to use the local one");
                }
            }
        }
    }

    private static String trimSlashes(String value) {
        String s = value;
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
