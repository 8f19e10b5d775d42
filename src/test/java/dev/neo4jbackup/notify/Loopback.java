package dev.neo4jbackup.notify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/** Real HTTP receivers on the loopback interface: one that answers, and a black hole that never does. */
final class Loopback {

    private Loopback() {
    }

    /** One request as the receiver saw it. */
    record Request(String method, String path, String query, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    /** Answers each request with the next status of its script (the last one repeats), and keeps what came. */
    static final class Endpoint implements AutoCloseable {
        private final HttpServer server;
        private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
        private final List<Integer> script;
        private final AtomicInteger served = new AtomicInteger();

        Endpoint(Integer... statuses) throws IOException {
            this.script = statuses.length == 0 ? List.of(200) : List.of(statuses);
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                Map<String, String> headers = new TreeMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestURI().getRawQuery(), headers, body));
                int n = served.getAndIncrement();
                int status = script.get(Math.min(n, script.size() - 1));
                byte[] answer = (status < 300 ? "ok" : "nope " + status).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        /** The next request, waiting for it (a delivery is asynchronous); fails when none comes. */
        Request take() throws InterruptedException {
            Request request = requests.poll(60, TimeUnit.SECONDS);
            if (request == null) {
                throw new AssertionError("no request came within 60 s");
            }
            return request;
        }

        /** What came so far, without waiting. */
        List<Request> received() {
            return new ArrayList<>(requests);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /**
     * A raw HTTP/1.1 receiver whose answer is chosen by the request's path: {@code /huge/<status>} answers 1 GB
     * (streamed from one 64 KB buffer, never allocated), {@code /trickle/<status>} one byte of its body every 5 s,
     * anything else 200 "ok". Counts the body bytes it managed to write.
     */
    static final class Answers implements AutoCloseable {
        static final long GIGABYTE = 1L << 30;

        private final ServerSocket socket;
        private final BlockingQueue<String> paths = new LinkedBlockingQueue<>();
        private final java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
        private final List<Socket> open = new java.util.concurrent.CopyOnWriteArrayList<>();

        Answers() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket client = socket.accept();
                        open.add(client);
                        Thread answer = new Thread(() -> answer(client), "answers-" + client.getPort());
                        answer.setDaemon(true);
                        answer.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "answers");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + socket.getLocalPort() + path;
        }

        /** The path of the next request, waiting for it. */
        String take(long seconds) throws InterruptedException {
            return paths.poll(seconds, TimeUnit.SECONDS);
        }

        /** Body bytes written to every client so far (a client that stops reading stops this). */
        long written() {
            return written.get();
        }

        private void answer(Socket client) {
            try (client) {
                var in = new java.io.BufferedInputStream(client.getInputStream());
                String head = readHead(in);
                String path = head.split(" ")[1];
                java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?im)^content-length:\\s*(\\d+)")
                        .matcher(head);
                in.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0);
                paths.add(path);
                var out = client.getOutputStream();
                String[] parts = path.split("/");
                if (path.startsWith("/huge/")) {
                    out.write(("HTTP/1.1 " + parts[2] + " Big\r\nContent-Length: " + GIGABYTE + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    byte[] block = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
                    for (long sent = 0; sent < GIGABYTE; sent += block.length) {
                        out.write(block);
                        written.addAndGet(block.length);
                    }
                } else if (path.startsWith("/trickle/")) {
                    out.write(("HTTP/1.1 " + parts[2] + " Slow\r\nContent-Length: 1000\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    for (int i = 0; i < 1000; i++) {
                        out.write('z');
                        out.flush();
                        written.incrementAndGet();
                        Thread.sleep(5_000);
                    }
                } else {
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            } catch (IOException | InterruptedException e) {
                // the client let go: what this receiver is here to see
            }
        }

        private static String readHead(java.io.InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                head.append((char) c);
                if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                    break;
                }
            }
            return head.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }

    /** Accepts connections and never answers: what a hung proxy or a firewalled receiver does. */
    static final class BlackHole implements AutoCloseable {
        private final ServerSocket socket;
        private final Queue accepted = new Queue();
        private final Thread acceptor;

        private static final class Queue extends ConcurrentLinkedQueue<Socket> {
            private static final long serialVersionUID = 1L;
        }

        BlackHole() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        accepted.add(socket.accept()); // kept open, never read, never answered
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "black-hole");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + socket.getLocalPort() + path;
        }

        int connections() {
            return accepted.size();
        }

        @Override
        public void close() {
            try {
                socket.close();
                for (Socket s : accepted) {
                    s.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
