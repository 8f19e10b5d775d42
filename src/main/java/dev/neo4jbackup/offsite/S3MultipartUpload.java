package dev.neo4jbackup.offsite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * A file larger than a part as an S3 multipart upload: part 1 alone (it settles whether the store takes the
 * SHA-256 header), then the others {@code parallelism} at once, each streamed from the file with its SHA-256 and
 * MD5; then the completion. An upload that fails is aborted, so no part is left to be billed.
 */
final class S3MultipartUpload {

    private final S3Client client;
    private final String bucket;
    private final S3Sha256Header sha256;
    private final long partSize;
    private final int parallelism;

    S3MultipartUpload(S3Client client, String bucket, S3Sha256Header sha256, long partSize, int parallelism) {
        this.client = client;
        this.bucket = bucket;
        this.sha256 = sha256;
        this.partSize = partSize;
        this.parallelism = parallelism;
    }

    /** Uploads {@code size} bytes of {@code file} at the key of {@code create}. */
    void upload(CreateMultipartUploadRequest create, Path file, long size) {
        String key = create.key();
        String uploadId = client.createMultipartUpload(create).uploadId();
        int count = (int) ((size + partSize - 1) / partSize);
        CompletedPart[] done = new CompletedPart[count];
        ExecutorService pool = null;
        try {
            done[0] = uploadPart(key, uploadId, file, 1, size);
            int threads = Math.min(parallelism, count - 1);
            if (threads > 0) {
                // a few parts at once: one request's latency (the store hashing and writing a part) no longer
                // idles the link; each part streams from the file, so the heap holds only the I/O buffers
                pool = Executors.newFixedThreadPool(threads, r -> {
                    Thread thread = new Thread(r, "offsite-part");
                    thread.setDaemon(true);
                    return thread;
                });
                List<Future<CompletedPart>> pending = new ArrayList<>();
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
                parts.add(sha256.taken() ? part : part.toBuilder().checksumSHA256(null).build());
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

    /** Part {@code n} (from 1): its checksums read from the file, then its bytes sent. */
    private CompletedPart uploadPart(String key, String uploadId, Path file, int n, long size) {
        long offset = (n - 1) * partSize;
        long length = Math.min(partSize, size - offset);
        S3Part part = S3Part.read(file, offset, length);
        UploadPartResponse answer = sha256.send(withSha -> client.uploadPart(UploadPartRequest.builder()
                .bucket(bucket).key(key).uploadId(uploadId).partNumber(n).contentLength(length)
                .checksumSHA256(withSha ? part.sha256() : null).contentMD5(part.md5()).build(),
                RequestBody.fromContentProvider(() -> part.stream(file), length, "application/octet-stream")));
        return CompletedPart.builder().partNumber(n).eTag(answer.eTag()).checksumSHA256(part.sha256()).build();
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while uploading", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
