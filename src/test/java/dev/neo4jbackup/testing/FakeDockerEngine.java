package dev.neo4jbackup.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.URLDecoder;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for the Docker Engine API on a unix socket: the few endpoints stop mode docker uses (list
 * with a label filter, inspect, stop, start), answered the way the engine answers them (404 with a
 * message, 304 when already stopped or started). A container can be backed by a real {@link Neo4jServer}:
 * then stop and start really run its bin/neo4j, and a start returns as soon as the process is launched,
 * as Docker's does, without waiting for Bolt. Every request is recorded.
 */
public final class FakeDockerEngine implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CONTAINER_PATH = Pattern.compile("(?:/v[\\d.]+)?/containers/([^/]+)/(json|stop|start)");
    private static final Pattern LIST_PATH = Pattern.compile("(?:/v[\\d.]+)?/containers/json");

    private final Path dir;
    private final Path socket;
    private final ServerSocketChannel server;
    private final Map<String, FakeContainer> containers = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<SocketChannel> connections = new CopyOnWriteArrayList<>();
    private volatile boolean open = true;

    private FakeDockerEngine(Path dir) throws IOException {
        this.dir = dir;
        this.socket = dir.resolve("docker.sock");
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread acceptor = new Thread(this::acceptLoop, "fake-docker-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static FakeDockerEngine start() {
        try {
            // a short path: unix socket paths are limited to ~100 bytes
            return new FakeDockerEngine(Files.createTempDirectory(Path.of("/tmp"), "dock-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What DOCKER_HOST would say: {@code unix:///tmp/dock-.../docker.sock}. */
    public String host() {
        return "unix://" + socket;
    }

    /** A container whose stop and start are the real server's bin/neo4j stop and start. */
    public FakeContainer neo4j(String name, Neo4jServer neo4j, Map<String, String> labels) {
        FakeContainer container = new FakeContainer(name, labels, neo4j.answers(), neo4j);
        containers.put(container.id, container);
        return container;
    }

    /** A container with nothing behind it: stop and start only change its state. */
    public FakeContainer stub(String name, boolean running, Map<String, String> labels) {
        FakeContainer container = new FakeContainer(name, labels, running, null);
        containers.put(container.id, container);
        return container;
    }

    /** Every request as "METHOD path?query", in order. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    /** Only the stop and start requests, as "stop name" / "start name". */
    public List<String> actions() {
        List<String> actions = new ArrayList<>();
        for (String call : calls) {
            Matcher m = CONTAINER_PATH.matcher(call.substring(call.indexOf(' ') + 1).replaceFirst("\\?.*", ""));
            if (call.startsWith("POST") && m.matches()) {
                FakeContainer c = lookup(m.group(1));
                actions.add(m.group(2) + " " + (c == null ? m.group(1) : c.name));
            }
        }
        return actions;
    }

    public static final class FakeContainer {
        final String id = UUID.randomUUID().toString().replace("-", "") + "0123456789abcdef0123456789abcdef";
        final String name;
        final Map<String, String> labels;
        final Neo4jServer neo4j;
        volatile boolean running;
        volatile int exitCode;
        volatile Duration stopDelay = Duration.ZERO;
        volatile String startError;

        FakeContainer(String name, Map<String, String> labels, boolean running, Neo4jServer neo4j) {
            this.name = name;
            this.labels = Map.copyOf(labels);
            this.running = running;
            this.neo4j = neo4j;
        }

        public boolean running() {
            return running;
        }

        public String id() {
            return id;
        }

        /** The engine answers a stop only after this long (a container slow to stop). */
        public FakeContainer stopDelay(Duration delay) {
            this.stopDelay = delay;
            return this;
        }

        /** The engine answers a start with 500 and this message (e.g. a port already taken). */
        public FakeContainer failStart(String message) {
            this.startError = message;
            return this;
        }

        void stop() {
            sleep(stopDelay);
            if (neo4j != null) {
                neo4jCommand("stop");
            }
            running = false;
            exitCode = 0;
        }

        void start() {
            if (neo4j != null) {
                neo4jCommand("start");
            }
            running = true;
        }

        private void neo4jCommand(String command) {
            try {
                ProcessBuilder builder = new ProcessBuilder(neo4j.neo4jHome().resolve("bin/neo4j").toString(),
                        command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
                builder.environment().putAll(neo4j.environment());
                Process process = builder.start();
                if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
                    throw new IllegalStateException("bin/neo4j " + command + " failed");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    // --- HTTP over the unix socket ---------------------------------------------------------------------------

    private void acceptLoop() {
        while (open) {
            try {
                SocketChannel channel = server.accept();
                connections.add(channel);
                Thread handler = new Thread(() -> serve(channel), "fake-docker-conn");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                if (open) {
                    System.err.println("fake docker: accept failed: " + e);
                }
                return;
            }
        }
    }

    /** HTTP/1.1 with keep-alive: requests on one connection until the client closes it. */
    private void serve(SocketChannel channel) {
        try (channel; InputStream in = new BufferedInputStream(Channels.newInputStream(channel));
                OutputStream out = Channels.newOutputStream(channel)) {
            while (open) {
                String requestLine = line(in);
                if (requestLine == null || requestLine.isEmpty()) {
                    return;
                }
                Map<String, String> headers = new LinkedHashMap<>();
                for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                    int colon = header.indexOf(':');
                    headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            header.substring(colon + 1).trim());
                }
                skipBody(in, headers);
                String[] parts = requestLine.split(" ");
                calls.add(parts[0] + " " + parts[1]);
                Response response = handle(parts[0], parts[1]);
                byte[] body = response.body == null ? new byte[0] : response.body.getBytes(StandardCharsets.UTF_8);
                StringBuilder head = new StringBuilder("HTTP/1.1 " + response.status + " " + reason(response.status)
                        + "\r\nApi-Version: 1.47\r\nServer: fake-docker\r\n");
                if (response.status != 204 && response.status != 304) {
                    head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
                }
                out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
                if (response.status != 204 && response.status != 304) {
                    out.write(body);
                }
                out.flush();
            }
        } catch (IOException e) {
            // the client closed the connection
        }
    }

    private Response handle(String method, String target) {
        String path = target.replaceFirst("\\?.*", "");
        Map<String, String> query = query(target);
        if (path.endsWith("/_ping")) {
            return new Response(200, "\"OK\"");
        }
        if (method.equals("GET") && LIST_PATH.matcher(path).matches()) {
            return list(query);
        }
        Matcher m = CONTAINER_PATH.matcher(path);
        if (!m.matches()) {
            return error(404, "page not found");
        }
        FakeContainer container = lookup(m.group(1));
        if (container == null) {
            return error(404, "No such container: " + m.group(1));
        }
        synchronized (container) {
            switch (m.group(2)) {
                case "json":
                    return new Response(200, inspect(container));
                case "stop":
                    if (!container.running) {
                        return new Response(304, null);
                    }
                    container.stop();
                    return new Response(204, null);
                default:
                    if (container.running) {
                        return new Response(304, null);
                    }
                    if (container.startError != null) {
                        return error(500, container.startError);
                    }
                    container.start();
                    return new Response(204, null);
            }
        }
    }

    private Response list(Map<String, String> query) {
        List<String> labelFilter = new ArrayList<>();
        if (query.containsKey("filters")) {
            Map<?, ?> filters = JSON.readValue(query.get("filters"), Map.class);
            Object labels = filters.get("label");
            if (labels instanceof List<?> list) {
                list.forEach(l -> labelFilter.add(String.valueOf(l)));
            } else if (labels instanceof Map<?, ?> map) {
                map.keySet().forEach(l -> labelFilter.add(String.valueOf(l)));
            }
        }
        boolean all = "true".equals(query.get("all")) || "1".equals(query.get("all"));
        List<Map<String, Object>> result = new ArrayList<>();
        synchronized (containers) {
            for (FakeContainer c : containers.values()) {
                if ((all || c.running) && labelFilter.stream().allMatch(f -> hasLabel(c, f))) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("Id", c.id);
                    entry.put("Names", List.of("/" + c.name));
                    entry.put("Image", "neo4j:5.26");
                    entry.put("State", c.running ? "running" : "exited");
                    entry.put("Status", c.running ? "Up 2 minutes" : "Exited (" + c.exitCode + ") 1 second ago");
                    entry.put("Labels", c.labels);
                    result.add(entry);
                }
            }
        }
        return new Response(200, JSON.writeValueAsString(result));
    }

    private static boolean hasLabel(FakeContainer c, String filter) {
        int eq = filter.indexOf('=');
        if (eq < 0) {
            return c.labels.containsKey(filter);
        }
        return filter.substring(eq + 1).equals(c.labels.get(filter.substring(0, eq)));
    }

    private static String inspect(FakeContainer c) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("Status", c.running ? "running" : "exited");
        state.put("Running", c.running);
        state.put("ExitCode", c.exitCode);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("Id", c.id);
        result.put("Name", "/" + c.name);
        result.put("State", state);
        result.put("Config", Map.of("Labels", c.labels, "Image", "neo4j:5.26"));
        return JSON.writeValueAsString(result);
    }

    /** Docker finds a container by full id, unique id prefix or name. */
    private FakeContainer lookup(String idOrName) {
        synchronized (containers) {
            for (FakeContainer c : containers.values()) {
                if (c.name.equals(idOrName) || c.id.startsWith(idOrName)) {
                    return c;
                }
            }
        }
        return null;
    }

    private static Response error(int status, String message) {
        return new Response(status, JSON.writeValueAsString(Map.of("message", message)));
    }

    private static Map<String, String> query(String target) {
        Map<String, String> query = new LinkedHashMap<>();
        int q = target.indexOf('?');
        if (q >= 0) {
            for (String pair : target.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                query.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static void skipBody(InputStream in, Map<String, String> headers) throws IOException {
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            while (true) {
                String size = line(in);
                int length = size == null ? 0 : Integer.parseInt(size.split(";")[0].trim(), 16);
                if (length == 0) {
                    line(in);
                    return;
                }
                in.readNBytes(length);
                line(in);
            }
        }
        String length = headers.get("content-length");
        if (length != null) {
            in.readNBytes(Integer.parseInt(length));
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.US_ASCII);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 204 -> "No Content";
            case 304 -> "Not Modified";
            case 404 -> "Not Found";
            default -> "Internal Server Error";
        };
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        open = false;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (SocketChannel channel : connections) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        try {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }

    private record Response(int status, String body) {
    }
}
