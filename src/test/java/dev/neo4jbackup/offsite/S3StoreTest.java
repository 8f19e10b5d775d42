package dev.neo4jbackup.offsite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import dev.neo4jbackup.archive.ArchivePacker;
import dev.neo4jbackup.config.OffsiteProperties;
import dev.neo4jbackup.testing.S3Server;

/**
 * The store's multipart upload against s3proxy: parts in flight at once arrive whole and in order (the object's
 * bytes are the file's), a file that is not the size it was said to be is refused and its upload aborted, and the
 * storage class goes with the object.
 */
class S3StoreTest {

    private static final long MB = 1024 * 1024;

    @TempDir
    Path dir;

    private final S3Server s3 = S3Server.shared();

    @Test
    void partsUploadedAtOnceMakeTheFilesBytesInOrder() throws IOException {
        String bucket = s3.bucket("parallel-parts");
        // 4 parts of 5 MB and a short fifth one, 4 in flight: a misplaced part would change the SHA-256
        Path file = random(dir.resolve("archive.dump"), 21 * MB + 12345);
        try (S3Store store = new S3Store(destination(bucket, "4", "STANDARD"))) {
            store.putFile("p/neo4j/archive.dump", file, Files.size(file));
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            assertThat(store.get("p/neo4j/archive.dump", back)).isEqualTo(Files.size(file));
            Path copy = Files.write(dir.resolve("copy.dump"), back.toByteArray());
            assertThat(ArchivePacker.sha256(copy)).isEqualTo(ArchivePacker.sha256(file));
            assertThat(store.head("p/neo4j/archive.dump")).hasValueSatisfying(head ->
                    assertThat(head.storageClassAsString()).isIn("STANDARD", null));
        }
    }

    @Test
    void aFileShorterThanItsSizeIsRefusedAndNothingIsLeftInTheBucket() throws IOException {
        String bucket = s3.bucket("short-file");
        Path file = random(dir.resolve("short.dump"), 11 * MB);
        try (S3Store store = new S3Store(destination(bucket, "2", null))) {
            assertThatThrownBy(() -> store.putFile("p/neo4j/short.dump", file, 16 * MB))
                    .hasMessageContaining("short.dump");
            assertThat(store.head("p/neo4j/short.dump")).isEmpty();
            assertThat(store.list("p/")).isEmpty();
        }
    }

    private OffsiteProperties.Destination destination(String bucket, String parallelism, String storageClass) {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource();
        source.put("backup.destinations.t.endpoint", s3.endpoint());
        source.put("backup.destinations.t.bucket", bucket);
        source.put("backup.destinations.t.path-style", "true");
        source.put("backup.destinations.t.part-size", "5MB");
        source.put("backup.destinations.t.upload-parallelism", parallelism);
        source.put("backup.destinations.t.timeout", "30s");
        source.put("backup.destinations.t.access-key-id", S3Server.IDENTITY);
        source.put("backup.destinations.t.secret-access-key", S3Server.CREDENTIAL);
        if (storageClass != null) {
            source.put("backup.destinations.t.storage-class", storageClass);
        }
        OffsiteProperties properties = new Binder(source).bindOrCreate("backup", OffsiteProperties.class);
        return properties.destinations().get("t");
    }

    private static Path random(Path file, long bytes) throws IOException {
        byte[] block = new byte[(int) MB];
        Random random = new Random(bytes);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < bytes; written += block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, bytes - written));
            }
        }
        return file;
    }
}
