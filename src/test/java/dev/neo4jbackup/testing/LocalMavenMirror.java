package dev.neo4jbackup.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Maven repository on 127.0.0.1 for the deployment test's image build, as a build machine has a repository
 * manager next to it: it serves this machine's local repository (~/.m2/repository) read-only, and fetches
 * what that lacks (the wrapper's Maven distribution, a plugin the host build never ran) from Maven Central,
 * without keeping it. The JDK stand-in's Maven and wrapper point at it (src/test/docker/jdk/Dockerfile), so
 * the build stage of the Dockerfile downloads nothing that this machine already has.
 * Only paths of plain names under the repository are served; anything else is 404.
 */
public final class LocalMavenMirror implements AutoCloseable {

    private static final String CENTRAL = "https://repo.maven.apache.org/maven2/";
    private static final Pattern SAFE_PATH = Pattern.compile("(/[A-Za-z0-9_+-][A-Za-z0-9._+-]*)+");

    private final Path repository;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final HttpClient central = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final AtomicInteger local = new AtomicInteger();
    private final AtomicInteger fetched = new AtomicInteger();
    private final AtomicInteger missing = new AtomicInteger();
    private final Queue<String> notLocal = new ConcurrentLinkedQueue<>();

    private LocalMavenMirror(Path repository, HttpServer server) {
        this.repository = repository;
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /**
     * Serves {@code repository} on 127.0.0.1:{@code preferredPort} (a stable port keeps the JDK stand-in, and
     * so the build cache of the image, the same from run to run), or on a free port when that one is taken.
     */
    public static LocalMavenMirror start(Path repository, int preferredPort) throws IOException {
        // TCP_NODELAY: the server writes a response's headers and body apart; without it a small file (a POM,
        // a checksum: thousands in a build) can wait for the client's delayed ACK
        System.setProperty("sun.net.httpserver.nodelay", "true");
        InetAddress loopback = InetAddress.getLoopbackAddress();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(loopback, preferredPort), 50);
        } catch (BindException taken) {
            server = HttpServer.create(new InetSocketAddress(loopback, 0), 50);
        }
        return new LocalMavenMirror(repository.toAbsolutePath().normalize(), server);
    }

    /** http://127.0.0.1:PORT, the repository's root. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** What it served: counts from the local repository, from Maven Central, and not found. */
    public String summary() {
        return local.get() + " from " + repository + ", " + fetched.get() + " from Maven Central, " + missing.get()
                + " not found";
    }

    /** The paths it did not find in the local repository, in the order asked, each with its outcome. */
    public List<String> notLocal() {
        return List.copyOf(notLocal);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            if (!head && !"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if (path == null || !SAFE_PATH.matcher(path).matches()) {
                notFound(exchange);
                return;
            }
            Path file = localFile(path.substring(1));
            byte[] checksum = file == null ? computedSha1(path.substring(1)) : null;
            if (checksum != null) {
                local.incrementAndGet();
                exchange.sendResponseHeaders(200, head ? -1 : checksum.length);
                if (!head) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(checksum);
                    }
                }
                return;
            }
            if (file != null) {
                local.incrementAndGet();
                exchange.sendResponseHeaders(200, head ? -1 : Files.size(file));
                if (!head) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        Files.copy(file, out);
                    }
                }
                return;
            }
            fromCentral(exchange, path.substring(1), head);
        }
    }

    /**
     * The file in the local repository, or null. Maven keeps a remote's metadata as maven-metadata-ID.xml
     * (ID central: the host's builds use Maven Central): that is the repository's maven-metadata.xml.
     */
    private Path localFile(String relative) {
        Path file = repository.resolve(relative).normalize();
        if (!file.startsWith(repository)) {
            return null;
        }
        if (file.getFileName().toString().equals("maven-metadata.xml")) {
            file = file.resolveSibling("maven-metadata-central.xml");
        }
        return Files.isRegularFile(file) && Files.isReadable(file) ? file : null;
    }

    /**
     * X.sha1 of a local X that Maven kept without its checksum file: the SHA-1 of what this server serves as X
     * (asking Maven Central for it costs a round trip each, hundreds in a build).
     */
    private byte[] computedSha1(String relative) throws IOException {
        if (!relative.endsWith(".sha1")) {
            return null;
        }
        Path file = localFile(relative.substring(0, relative.length() - ".sha1".length()));
        if (file == null) {
            return null;
        }
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha1)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(sha1.digest()).getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void fromCentral(HttpExchange exchange, String relative, boolean head) throws IOException {
        HttpResponse<InputStream> response;
        try {
            response = central.send(HttpRequest.newBuilder(URI.create(CENTRAL + relative))
                    .timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            notFound(exchange);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            notFound(exchange);
            return;
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                notFound(exchange);
                return;
            }
            fetched.incrementAndGet();
            notLocal.add("central " + relative);
            long length = response.headers().firstValueAsLong("Content-Length").orElse(0);
            exchange.sendResponseHeaders(200, head ? -1 : length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    body.transferTo(out);
                }
            }
        }
    }

    private void notFound(HttpExchange exchange) throws IOException {
        missing.incrementAndGet();
        notLocal.add("404 " + exchange.getRequestURI().getPath());
        exchange.sendResponseHeaders(404, -1);
    }
}
