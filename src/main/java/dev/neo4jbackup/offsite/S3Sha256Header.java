package dev.neo4jbackup.offsite;

import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Whether a bucket's store takes {@code x-amz-checksum-sha256} (AWS, MinIO, Ceph do). One that answers 501 to it
 * (s3proxy), or closes the connection mid-body before any request with it succeeded, gets Content-MD5 only from
 * then on, which every S3 store checks; the manifest's SHA-256 is still checked at every fetch.
 */
final class S3Sha256Header {

    private static final Logger log = LoggerFactory.getLogger(S3Sha256Header.class);

    private final String bucket;
    private volatile boolean taken = true;
    /** Whether a request with the header has succeeded yet: until then a failed one is tried without. */
    private volatile boolean proven;

    S3Sha256Header(String bucket) {
        this.bucket = bucket;
    }

    /** Whether requests carry the header now. */
    boolean taken() {
        return taken;
    }

    /**
     * Runs {@code request} (told whether to send the header) with the header while the store takes it; once more
     * without it when the store refuses it.
     */
    <T> T send(Function<Boolean, T> request) {
        boolean withHeader = taken;
        try {
            T answer = request.apply(withHeader);
            proven |= withHeader;
            return answer;
        } catch (SdkException e) {
            // a store that refuses the header answers 501, or, mid-body, closes the connection (a broken pipe)
            boolean refused = e instanceof S3Exception s3 && s3.statusCode() == 501;
            if (!withHeader || !(refused || (!proven && !(e instanceof S3Exception)))) {
                throw e;
            }
            T answer;
            try {
                answer = request.apply(false);
            } catch (RuntimeException without) {
                without.addSuppressed(e);
                throw without;
            }
            taken = false;
            log.warn("OFFSITE_CHECKSUM: bucket {} does not take x-amz-checksum-sha256 ({}); its uploads are checked "
                    + "by the signed payload hash and Content-MD5, and every fetch by the manifest's SHA-256", bucket,
                    String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            return answer;
        }
    }
}
