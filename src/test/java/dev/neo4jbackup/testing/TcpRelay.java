package dev.neo4jbackup.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A port that starts answering later: from {@link #open} on, every connection to it is relayed byte for byte to
 * another server on loopback. A test of "the store was down and comes up" points the client at the port before
 * it opens and reuses the shared s3proxy behind it, instead of starting an s3proxy of its own (seconds of JVM start).
 */
public final class TcpRelay implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    /** Bytes relayed from the server back to its clients: what a client was made to read. */
    private final java.util.concurrent.atomic.AtomicLong toClients = new java.util.concurrent.atomic.AtomicLong();

    private TcpRelay(ServerSocket server, int target) {
        this.server = server;
        Thread acceptor = new Thread(() -> accept(target), "tcp-relay-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on {@code port} (so far closed) and relays every connection to {@code target}. */
    public static TcpRelay open(int port, int target) {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            return new TcpRelay(server, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(int target) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, new java.util.concurrent.atomic.AtomicLong());
                pump(upstream, client, toClients);
            } catch (IOException e) {
                // closed: the relay ends
            }
        }
    }

    /** Bytes the server sent back through this relay so far. */
    public long bytesToClients() {
        return toClients.get();
    }

    private void pump(Socket from, Socket to, java.util.concurrent.atomic.AtomicLong counted) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    counted.addAndGet(n);
                }
                to.shutdownOutput();
            } catch (IOException e) {
                closeQuietly(to);
            }
        }, "tcp-relay-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        sockets.forEach(TcpRelay::closeQuietly);
    }
}
