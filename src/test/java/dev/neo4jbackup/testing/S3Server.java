package dev.neo4jbackup.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * A real S3 server on loopback: s3proxy (SigV4, multipart) over its filesystem blob store, as a java process
 * of its own with the jars that {@code src/s3proxy/pom.xml} assembled into {@code target/s3proxy} (its Jetty,
 * Jackson and jclouds never meet the service's classpath). Tests skip, saying why, when the jars are missing.
 */
public final class S3Server implements AutoCloseable {

    public static final String IDENTITY = "test-access-key";
    public static final String CREDENTIAL = "test-secret-key-5f2c9a";

    private static S3Server shared;

    /** The password of the TLS server's key store and of the client's trust store (test material only). */
    public static final String STORE_PASSWORD = "s3proxy-test";

    private final Process process;
    private final int port;
    private final Path data;
    /** With TLS: a PKCS12 trust store holding the server's self-signed certificate, for the client JVM. */
    private final Path trustStore;

    private S3Server(Process process, int port, Path data, Path trustStore) {
        this.process = process;
        this.port = port;
        this.data = data;
        this.trustStore = trustStore;
    }

    /** One server per test JVM, stopped when the JVM ends; each test uses buckets of its own. */
    public static synchronized S3Server shared() {
        if (shared == null || !shared.process.isAlive()) {
            shared = start(freePort());
            S3Server started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return shared;
    }

    /** A server of the caller's own on {@code port} (e.g. one that was down so far); the caller closes it. */
    public static S3Server start(int port) {
        return start(port, false);
    }

    /**
     * With {@code tls}, s3proxy serves https with a self-signed certificate made by keytool for 127.0.0.1, and
     * {@link #trustStore()} holds it: over https the SDK sends {@code UNSIGNED-PAYLOAD} (the transport protects
     * the body; Content-MD5 and the SHA-256 header still go), as against a real store, where over http it must
     * sign the body's hash, which s3proxy checks by reading the whole body into its heap first.
     */
    public static S3Server start(int port, boolean tls) {
        Path lib = Path.of(System.getProperty("s3proxy.lib", "target/s3proxy"));
        Assumptions.assumeTrue(Files.isRegularFile(lib.resolve("s3proxy-2.9.0.jar")), "s3proxy is not assembled in "
                + lib + " (./mvnw generate-test-resources builds it)");
        try {
            Path data = Files.createTempDirectory("s3proxy-data");
            Path conf = data.resolveSibling(data.getFileName() + ".properties");
            Path trust = null;
            String endpoint = "s3proxy.endpoint=http://127.0.0.1:" + port;
            if (tls) {
                Path keys = data.resolveSibling(data.getFileName() + "-keys.p12");
                Path cert = data.resolveSibling(data.getFileName() + ".crt");
                trust = data.resolveSibling(data.getFileName() + "-trust.p12");
                keytool("-genkeypair", "-alias", "s3proxy", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                        "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", keys.toString(),
                        "-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
                keytool("-exportcert", "-alias", "s3proxy", "-keystore", keys.toString(), "-storepass",
                        STORE_PASSWORD, "-file", cert.toString());
                keytool("-importcert", "-noprompt", "-alias", "s3proxy", "-file", cert.toString(), "-keystore",
                        trust.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
                endpoint = String.join("\n", "s3proxy.secure-endpoint=https://127.0.0.1:" + port,
                        "s3proxy.keystore-path=" + keys, "s3proxy.keystore-password=" + STORE_PASSWORD);
            }
            Files.writeString(conf, String.join("\n",
                    endpoint,
                    "s3proxy.authorization=aws-v4",
                    "s3proxy.identity=" + IDENTITY,
                    "s3proxy.credential=" + CREDENTIAL,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + data, ""));
            Path log = data.resolveSibling(data.getFileName() + ".log");
            // s3proxy logs through logback, which without a configuration logs at DEBUG: Jetty then writes a line
            // per buffer it reads, and an upload runs at a few MB/s. Warnings only.
            Path logback = data.resolveSibling(data.getFileName() + "-logback.xml");
            Files.writeString(logback, """
                    <configuration>
                      <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d{HH:mm:ss.SSS} [%thread] %-5level %logger -- %msg%n</pattern></encoder>
                      </appender>
                      <root level="WARN"><appender-ref ref="out"/></root>
                    </configuration>
                    """);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx256m", "-XX:+UseSerialGC",
                    "-Dlogback.configurationFile=" + logback, "-cp", lib.toAbsolutePath() + "/*",
                    "org.gaul.s3proxy.Main", "--properties", conf.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            S3Server server = new S3Server(process, port, data, trust);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!server.answers()) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("s3proxy did not start on port " + port + "; see " + log);
                }
                Thread.sleep(100);
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String endpoint() {
        return (trustStore == null ? "http" : "https") + "://127.0.0.1:" + port;
    }

    /** The trust store for a client of a TLS server (javax.net.ssl.trustStore), empty over plain http. */
    public java.util.Optional<Path> trustStore() {
        return java.util.Optional.ofNullable(trustStore);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString()));
        command.addAll(List.of(args));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (keytool.waitFor() != 0) {
            throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
        }
    }

    public int port() {
        return port;
    }

    /** Where the filesystem blob store keeps bucket {@code bucket}'s objects (one file per key). */
    public Path bucketFolder(String bucket) {
        return data.resolve(bucket);
    }

    /** Creates a bucket (the filesystem blob store: a folder). */
    public String bucket(String name) {
        try {
            Files.createDirectories(data.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return name;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
