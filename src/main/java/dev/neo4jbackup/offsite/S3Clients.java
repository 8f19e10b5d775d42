package dev.neo4jbackup.offsite;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

import dev.neo4jbackup.config.OffsiteProperties;

/**
 * The AWS SDK v2's blocking client for one S3 destination, as every S3-compatible store takes it: no
 * {@code aws-chunked} bodies, no "100 Continue", the checksum setting of {@code request-checksum}, one request's
 * attempt bounded by {@code timeout}, and the SDK's own retries off (the queue's backoff is the one retry policy).
 */
final class S3Clients {

    private S3Clients() {
    }

    static S3Client build(OffsiteProperties.Destination config) {
        boolean whenRequired = config.requestChecksum() == OffsiteProperties.RequestChecksum.WHEN_REQUIRED;
        S3ClientBuilder builder = S3Client.builder().region(Region.of(config.region()))
                .credentialsProvider(credentials(config))
                .forcePathStyle(config.pathStyle())
                // no aws-chunked bodies: each request's SigV4 signature covers the SHA-256 of its whole body
                // (x-amz-content-sha256), which every S3 store checks, and chunk-by-chunk decoding is slow in some
                .serviceConfiguration(S3Configuration.builder()
                        .chunkedEncodingEnabled(false)
                        // a store that never answers "100 Continue" costs the client's wait (~3 s) per part
                        .expectContinueEnabled(false).build())
                .requestChecksumCalculation(whenRequired ? RequestChecksumCalculation.WHEN_REQUIRED
                        : RequestChecksumCalculation.WHEN_SUPPORTED)
                .responseChecksumValidation(whenRequired ? ResponseChecksumValidation.WHEN_REQUIRED
                        : ResponseChecksumValidation.WHEN_SUPPORTED)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(config.timeout()));
        if (config.endpoint() != null) {
            builder.endpointOverride(URI.create(config.endpoint()));
        }
        return builder.build();
    }

    /** Static keys when both are configured, else the AWS default chain (environment, profile, role). */
    private static AwsCredentialsProvider credentials(OffsiteProperties.Destination config) {
        if (config.accessKeyId() != null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKeyId(),
                    config.secretAccessKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
