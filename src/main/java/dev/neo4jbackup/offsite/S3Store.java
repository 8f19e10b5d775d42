package dev.neo4jbackup.offsite;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

import dev.neo4jbackup.config.OffsiteProperties;

/**
 * One bucket of an S3-compatible store ({@code type: s3}), through the AWS SDK v2's blocking client
 * ({@link S3Clients}). An archive goes up in one PUT below the part size, else as a multipart upload
 * ({@link S3MultipartUpload}); every object and part carries its SHA-256 and MD5 for the store to check
 * ({@link S3Part}, {@link S3Sha256Header}). The SDK's exceptions become {@link ObjectStore.Failure}, the secret
 * key masked in their words.
 */
public final class S3Store implements ObjectStore {

    /** Listings and small objects answer in seconds: a store that does not must not hold `list` for minutes. */
    private static final Duration SMALL_CAP = Duration.ofSeconds(30);

    private final S3Client client;
    private final String bucket;
    private final OffsiteProperties.Destination config;
    /** Below this an archive is one PUT (S3's smallest multipart part is 5 MB). */
    private final long partSize;
    private final S3Sha256Header sha256;
    private final S3MultipartUpload multipart;

    public S3Store(OffsiteProperties.Destination config) {
        this.config = config;
        this.bucket = config.bucket();
        this.partSize = config.partSize().toBytes();
        this.client = S3Clients.build(config);
        this.sha256 = new S3Sha256Header(bucket);
        this.multipart = new S3MultipartUpload(client, bucket, sha256, partSize, config.uploadParallelism());
    }

    public String bucket() {
        return bucket;
    }

    @Override
    public String describe() {
        return (config.endpoint() == null ? "AWS " + config.region() : config.endpoint()) + ", bucket " + bucket;
    }

    @Override
    public String address(String key) {
        return "s3://" + bucket + "/" + key;
    }

    /** The object's size and metadata (its storage class ...), or empty when there is none. */
    public Optional<HeadObjectResponse> head(String key) {
        return call(() -> {
            try {
                return Optional.of(client.headObject(b -> b.bucket(bucket).key(key)));
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public boolean exists(String key) {
        return head(key).isPresent();
    }

    @Override
    public List<StoredObject> list(String prefix) {
        return call(() -> {
            List<StoredObject> all = new ArrayList<>();
            String token = null;
            do {
                ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix)
                        .overrideConfiguration(o -> o.apiCallAttemptTimeout(smallTimeout()));
                if (token != null) {
                    request.continuationToken(token);
                }
                ListObjectsV2Response page = client.listObjectsV2(request.build());
                page.contents().forEach(o -> all.add(new StoredObject(o.key(), o.size())));
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            } while (token != null);
            return all;
        });
    }

    @Override
    public void putBytes(String key, byte[] content, String contentType) {
        S3Part part = S3Part.of(content);
        call(() -> sha256.send(withSha -> client.putObject(put(key).contentType(contentType)
                .contentLength((long) content.length).checksumSHA256(withSha ? part.sha256() : null)
                .contentMD5(part.md5()).build(), RequestBody.fromBytes(content))));
    }

    @Override
    public void putFile(String key, Path file, long size) {
        if (size >= partSize) {
            call(() -> {
                multipart.upload(multipart(key), file, size);
                return null;
            });
            return;
        }
        S3Part part = S3Part.read(file, 0, size);
        call(() -> sha256.send(withSha -> client.putObject(put(key).contentLength(size)
                .checksumSHA256(withSha ? part.sha256() : null).contentMD5(part.md5()).build(),
                RequestBody.fromContentProvider(() -> part.stream(file), size, "application/octet-stream"))));
    }

    /** Streams an object into {@code out} without a cap (a tool's or a test's own object); the bytes written. */
    public long get(String key, OutputStream out) {
        return get(key, out, Long.MAX_VALUE - 1);
    }

    @Override
    public long get(String key, OutputStream out, long maxBytes) {
        return call(() -> client.getObject(b -> b.bucket(bucket).key(key), (response, in) -> {
            if (response.contentLength() != null && response.contentLength() > maxBytes) {
                in.abort(); // not drained: closing it would read the rest
                throw new TooLarge(response.contentLength(), maxBytes);
            }
            byte[] buffer = new byte[64 * 1024];
            long copied = 0;
            int n;
            while ((n = in.read(buffer, 0, (int) Math.min(buffer.length, maxBytes + 1 - copied))) > 0) {
                out.write(buffer, 0, n);
                copied += n;
                if (copied > maxBytes) {
                    in.abort();
                    throw new TooLarge(copied, maxBytes, false);
                }
            }
            return copied;
        }));
    }

    @Override
    public byte[] getSmall(String key, long maxBytes) {
        return call(() -> client.getObject(b -> b.bucket(bucket).key(key).overrideConfiguration(o -> o
                .apiCallAttemptTimeout(smallTimeout())), (response, in) -> {
            if (response.contentLength() != null && response.contentLength() > maxBytes) {
                in.abort(); // not drained: a 3 GB "manifest" is not read to be refused
                throw new TooLarge(response.contentLength(), maxBytes);
            }
            byte[] bytes = in.readNBytes((int) maxBytes + 1);
            if (bytes.length > maxBytes) {
                in.abort();
                throw new TooLarge(bytes.length, maxBytes, false);
            }
            return bytes;
        }));
    }

    @Override
    public void delete(String key) {
        call(() -> client.deleteObject(b -> b.bucket(bucket).key(key)));
    }

    @Override
    public void close() {
        client.close();
    }

    /**
     * Runs one call of the SDK: its exception is a {@link Failure} in the store's words without the secret key;
     * a {@link TooLarge} thrown while a response was read (which the SDK wraps: "Unable to unmarshall response")
     * is the caller's own refusal and comes out as it is.
     */
    private <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof TooLarge tooLarge) {
                    throw tooLarge;
                }
            }
            String message = e.getMessage();
            if (message != null && config.secretAccessKey() != null) {
                message = message.replace(config.secretAccessKey(), "(hidden)");
            }
            throw new Failure(message, e);
        }
    }

    private Duration smallTimeout() {
        return config.timeout().compareTo(SMALL_CAP) < 0 ? config.timeout() : SMALL_CAP;
    }

    /** A PUT with the destination's storage class and server-side encryption. */
    private PutObjectRequest.Builder put(String key) {
        PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(key);
        if (config.storageClass() != null) {
            put.storageClass(config.storageClass());
        }
        if (config.serverSideEncryption() != null) {
            put.serverSideEncryption(config.serverSideEncryption());
            put.ssekmsKeyId(config.kmsKeyId());
        }
        return put;
    }

    /** A multipart upload's start, with the storage class and server-side encryption of {@link #put}. */
    private CreateMultipartUploadRequest multipart(String key) {
        PutObjectRequest placed = put(key).build();
        return CreateMultipartUploadRequest.builder().bucket(bucket).key(key).contentType("application/octet-stream")
                .checksumAlgorithm(sha256.taken() ? ChecksumAlgorithm.SHA256 : null)
                .storageClass(placed.storageClassAsString())
                .serverSideEncryption(placed.serverSideEncryptionAsString())
                .ssekmsKeyId(placed.ssekmsKeyId()).build();
    }
}
