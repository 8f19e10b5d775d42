package dev.neo4jbackup.offsite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

import dev.neo4jbackup.config.OffsiteProperties;

/**
 * One bucket of an S3-compatible store, through the AWS SDK v2's blocking client: the few calls the off-site
 * copies need. An archive goes up a part at a time, each part read from the file (never the whole file in
 * memory), with its SHA-256 and MD5 sent for the store to check ({@code x-amz-checksum-sha256},
 * {@code Content-MD5}). The SDK's own retries are off: the queue's backoff is the one retry policy.
 */
public final class S3Store implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(S3Store.class);

    /**
     * Whether the store takes {@code x-amz-checksum-sha256} (AWS, MinIO, Ceph do); one that answers 501 to it
     * (s3proxy) gets Content-MD5 only from then on, which every S3 store checks.
     */
    private volatile boolean sha256 = true;
    /** Whether a request with the SHA-256 header has succeeded yet: until then a failed one is tried without. */
    private volatile boolean sha256Proven;

    /** Below this an archive is one PUT (S3's smallest multipart part is 5 MB). */
    private final long partSize;
    private final S3Client client;
    private final String bucket;
    private final OffsiteProperties.Destination config;

    public S3Store(OffsiteProperties.Destination config) {
        this.config = config;
        this.bucket = config.bucket();
        this.partSize = config.partSize().toBytes();
        S3ClientBuilder builder = S3Client.builder().region(Region.of(config.region()))
                .credentialsProvider(credentials(config))
                .forcePathStyle(config.pathStyle())
                // no aws-chunked bodies: each request's SigV4 signature covers the SHA-256 of its whole body
                // (x-amz-content-sha256), which every S3 store checks, and chunk-by-chunk decoding is slow in some
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                        .chunkedEncodingEnabled(false)
                        // a store that never answers "100 Continue" costs the client's wait (~3 s) per part
                        .expectContinueEnabled(false).build())
                .requestChecksumCalculation(config.requestChecksum() == OffsiteProperties.RequestChecksum.WHEN_REQUIRED
                        ? RequestChecksumCalculation.WHEN_REQUIRED : RequestChecksumCalculation.WHEN_SUPPORTED)
                .responseChecksumValidation(config.requestChecksum() == OffsiteProperties.RequestChecksum.WHEN_REQUIRED
                        ? ResponseChecksumValidation.WHEN_REQUIRED : ResponseChecksumValidation.WHEN_SUPPORTED)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(config.timeout()));
        if (config.endpoint() != null) {
            builder.endpointOverride(URI.create(config.endpoint()));
        }
        this.client = builder.build();
    }

    private static AwsCredentialsProvider credentials(OffsiteProperties.Destination config) {
        if (config.accessKeyId() != null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKeyId(),
                    config.secretAccessKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    public String bucket() {
        return bucket;
    }

    /** The object's size and metadata, or empty when there is none. */
    public Optional<HeadObjectResponse> head(String key) {
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
    }

    /** Every key under {@code prefix} with its size, all pages. */
    public List<S3Object> list(String prefix) {
        List<S3Object> all = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix)
                    .overrideConfiguration(o -> o.apiCallAttemptTimeout(smallTimeout()));
            if (token != null) {
                request.continuationToken(token);
            }
            ListObjectsV2Response page = client.listObjectsV2(request.build());
            all.addAll(page.contents());
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return all;
    }

    /** A small object (a sidecar, a manifest) with its checksums. */
    public void putBytes(String key, byte[] content, String contentType) {
        String sha = base64(digest("SHA-256", content, content.length));
        String md5 = base64(digest("MD5", content, content.length));
        withSha256(useSha -> client.putObject(put(key).contentType(contentType).contentLength((long) content.length)
                .checksumSHA256(useSha ? sha : null).contentMD5(md5).build(), RequestBody.fromBytes(content)));
    }

    /** Runs a request with the SHA-256 header while the store takes it; once without it when the store refuses it. */
    private <T> T withSha256(java.util.function.Function<Boolean, T> request) {
        boolean useSha = sha256;
        try {
            T answer = request.apply(useSha);
            sha256Proven |= useSha;
            return answer;
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            // a store that refuses the header answers 501, or, mid-body, closes the connection (a broken pipe)
            boolean refused = e instanceof S3Exception s3 && s3.statusCode() == 501;
            if (!useSha || !(refused || (!sha256Proven && !(e instanceof S3Exception)))) {
                throw e;
            }
            T answer;
            try {
                answer = request.apply(false);
            } catch (RuntimeException without) {
                without.addSuppressed(e);
                throw without;
            }
            sha256 = false;
            log.warn("OFFSITE_CHECKSUM: bucket {} does not take x-amz-checksum-sha256 ({}); its uploads are checked "
                    + "by the signed payload hash and Content-MD5, and every fetch by the manifest's SHA-256", bucket,
                    String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            return answer;
        }
    }

    /**
     * Uploads a file: one PUT below the part size, else a multipart upload of parts read one at a time. An
     * upload that fails is aborted, so no part is left to be billed.
     */
    public void putFile(String key, Path file, long size) {
        if (size < partSize) {
            Part part = Part.read(file, 0, size);
            withSha256(useSha -> client.putObject(put(key).contentLength(size).checksumSHA256(useSha ? part.sha256()
                    : null).contentMD5(part.md5()).build(), RequestBody.fromContentProvider(() -> part.stream(file),
                            size, "application/octet-stream")));
            return;
        }
        String uploadId = client.createMultipartUpload(multipart(key, sha256)).uploadId();
        int count = (int) ((size + partSize - 1) / partSize);
        CompletedPart[] done = new CompletedPart[count];
        java.util.concurrent.ExecutorService pool = null;
        try {
            // part 1 alone: it settles whether the store takes the SHA-256 header before the others go
            done[0] = uploadPart(key, uploadId, file, 1, size);
            int threads = Math.min(config.uploadParallelism(), count - 1);
            if (threads > 0) {
                // a few parts at once: one request's latency (the store hashing and writing a part) no longer
                // idles the link; each part streams from the file, so the heap holds only the I/O buffers
                pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
                    Thread thread = new Thread(r, "offsite-part");
                    thread.setDaemon(true);
                    return thread;
                });
                List<java.util.concurrent.Future<CompletedPart>> pending = new ArrayList<>();
                for (int number = 2; number <= count; number++) {
                    final int n = number;
                    pending.add(pool.submit(() -> uploadPart(key, uploadId, file, n, size)));
                }
                for (int i = 0; i < pending.size(); i++) {
                    done[i + 1] = await(pending.get(i));
                }
            }
            List<CompletedPart> parts = new ArrayList<>(count);
            for (CompletedPart part : done) {
                // the completion names a part's SHA-256 only when the store takes the header at all
                parts.add(sha256 ? part : part.toBuilder().checksumSHA256(null).build());
            }
            client.completeMultipartUpload(CompleteMultipartUploadRequest.builder().bucket(bucket).key(key)
                    .uploadId(uploadId).multipartUpload(CompletedMultipartUpload.builder().parts(parts).build())
                    .build());
        } catch (RuntimeException e) {
            if (pool != null) {
                pool.shutdownNow();
            }
            try {
                client.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(bucket).key(key)
                        .uploadId(uploadId).build());
            } catch (RuntimeException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        } finally {
            if (pool != null) {
                pool.shutdown();
            }
        }
    }

    /** Part {@code n} (from 1) of a multipart upload: its checksums read from the file, then its bytes sent. */
    private CompletedPart uploadPart(String key, String uploadId, Path file, int n, long size) {
        long offset = (n - 1) * partSize;
        long length = Math.min(partSize, size - offset);
        Part part = Part.read(file, offset, length);
        UploadPartResponse answer = withSha256(useSha -> client.uploadPart(UploadPartRequest.builder()
                .bucket(bucket).key(key).uploadId(uploadId).partNumber(n).contentLength(length)
                .checksumSHA256(useSha ? part.sha256() : null).contentMD5(part.md5()).build(),
                RequestBody.fromContentProvider(() -> part.stream(file), length, "application/octet-stream")));
        return CompletedPart.builder().partNumber(n).eTag(answer.eTag()).checksumSHA256(part.sha256()).build();
    }

    private static <T> T await(java.util.concurrent.Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while uploading", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Streams an object into {@code out}; returns the bytes written. */
    public long get(String key, OutputStream out) {
        return client.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toOutputStream(out))
                .contentLength();
    }

    /**
     * Streams an object of at most {@code maxBytes} into {@code out}; returns the bytes written. One that says it
     * is larger is refused unread, one that turns out larger is not read past {@code maxBytes + 1} bytes: either
     * way {@link TooLarge}, and the connection is aborted rather than drained (closing it would read the rest).
     */
    public long get(String key, OutputStream out, long maxBytes) {
        return unwrapped(() -> client.getObject(b -> b.bucket(bucket).key(key), (response, in) -> {
            if (response.contentLength() != null && response.contentLength() > maxBytes) {
                in.abort();
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

    /** The SDK wraps what a response transformer throws ("Unable to unmarshall response"): a refusal is ours. */
    private static <T> T unwrapped(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof TooLarge tooLarge) {
                    throw tooLarge;
                }
            }
            throw e;
        }
    }

    /** A small object read whole, at most {@code maxBytes} (a manifest): larger is refused unread. */
    public byte[] getSmall(String key, long maxBytes) {
        return unwrapped(() -> client.getObject(b -> b.bucket(bucket).key(key).overrideConfiguration(o -> o
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

    /** Listings and small objects answer in seconds: a store that does not must not hold `list` for minutes. */
    private java.time.Duration smallTimeout() {
        java.time.Duration cap = java.time.Duration.ofSeconds(30);
        return config.timeout().compareTo(cap) < 0 ? config.timeout() : cap;
    }

    public void delete(String key) {
        client.deleteObject(b -> b.bucket(bucket).key(key));
    }

    /** An object bigger than its kind may be: refused before it is read. */
    public static final class TooLarge extends RuntimeException {
        private final long size;
        private final long limit;
        private final boolean announced;

        /** The object says (Content-Length) it is {@code size} bytes. */
        TooLarge(long size, long limit) {
            this(size, limit, true);
        }

        /** @param announced {@code size} is the object's Content-Length; else what was read before it stopped */
        TooLarge(long size, long limit, boolean announced) {
            super(announced ? "the object is " + size + " bytes, more than the " + limit + " bytes allowed; not read"
                    : "the object is more than the " + limit + " bytes allowed; reading stopped after " + size
                            + " bytes");
            this.size = size;
            this.limit = limit;
            this.announced = announced;
        }

        /** The object's size (announced), or the bytes read before reading stopped. */
        public long size() {
            return size;
        }

        public long limit() {
            return limit;
        }

        public boolean announced() {
            return announced;
        }
    }

    private PutObjectRequest.Builder put(String key) {
        PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(key);
        if (config.storageClass() != null) {
            put.storageClass(config.storageClass());
        }
        if (config.serverSideEncryption() != null) {
            put.serverSideEncryption(config.serverSideEncryption());
            if (config.kmsKeyId() != null) {
                put.ssekmsKeyId(config.kmsKeyId());
            }
        }
        return put;
    }

    private CreateMultipartUploadRequest multipart(String key, boolean withSha256) {
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder().bucket(bucket).key(key)
                .contentType("application/octet-stream");
        if (withSha256) {
            create.checksumAlgorithm(software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.SHA256);
        }
        if (config.storageClass() != null) {
            create.storageClass(config.storageClass());
        }
        if (config.serverSideEncryption() != null) {
            create.serverSideEncryption(config.serverSideEncryption());
            if (config.kmsKeyId() != null) {
                create.ssekmsKeyId(config.kmsKeyId());
            }
        }
        return create.build();
    }

    /** One part's place in the file and its checksums, read in one pass before it is sent. */
    private record Part(long offset, long length, String sha256, String md5) {

        static Part read(Path file, long offset, long length) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                MessageDigest md5 = MessageDigest.getInstance("MD5");
                ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
                long position = offset;
                long end = offset + length;
                while (position < end) {
                    buffer.clear();
                    buffer.limit((int) Math.min(buffer.capacity(), end - position));
                    int n = channel.read(buffer, position);
                    if (n < 0) {
                        throw new IOException(file + " ended at " + position + " bytes, before " + end);
                    }
                    sha.update(buffer.array(), 0, n);
                    md5.update(buffer.array(), 0, n);
                    position += n;
                }
                return new Part(offset, length, base64(sha.digest()), base64(md5.digest()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The part's bytes, read again from the file for each attempt of the request. */
        InputStream stream(Path file) {
            try {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ).position(offset);
                return new java.io.BufferedInputStream(new BoundedStream(java.nio.channels.Channels
                        .newInputStream(channel), length), 256 * 1024);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
    }

    /** At most {@code left} bytes of a stream. */
    private static final class BoundedStream extends java.io.FilterInputStream {
        private long left;

        BoundedStream(InputStream in, long left) {
            super(in);
            this.left = left;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    static byte[] digest(String algorithm, byte[] content, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            digest.update(content, 0, length);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public void close() {
        client.close();
    }
}
