package dev.neo4jbackup.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Delivery against real receivers on loopback: retries, final answers, a black hole (connects, never
 * answers), a full queue, and the token of every URL kept out of the log.
 */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(120)
class WebhookDeliveryTest {

    static final String TOKEN = "T0KEN-8f1c7e2a-do-not-log";

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    NotifySender sender;

    @AfterEach
    void close() {
        if (sender != null) {
            sender.close();
        }
    }

    NotifySender sender(Duration requestTimeout, int retries, int queue, int threads) {
        sender = new NotifySender(Duration.ofSeconds(5), requestTimeout,
                new Backoff(retries, Duration.ofMillis(20), Duration.ofMillis(40)), queue, threads, meters);
        return sender;
    }

    static Delivery post(String url) {
        return new Delivery("webhook/ops", "BACKUP_FAILED", url, "application/json", "{\"event\": \"BACKUP_FAILED\"}",
                Map.of());
    }

    double count(String result) {
        return meters.find(NotifySender.DELIVERIES).tag("result", result).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    @Test
    void aFailingReceiverIsTriedAgainUntilItTakesTheDelivery(CapturedOutput output) throws Exception {
        try (Loopback.Endpoint endpoint = new Loopback.Endpoint(500, 503, 200)) {
            sender(Duration.ofSeconds(30), 3, 10, 1).submit(post(endpoint.url("/hook/" + TOKEN)));

            for (int i = 0; i < 3; i++) {
                assertThat(endpoint.take().body()).isEqualTo("{\"event\": \"BACKUP_FAILED\"}");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> count("delivered") == 1);
            assertThat(count("failed")).isZero();
            assertThat(endpoint.received()).isEmpty();
            assertThat(output.getOut()).contains("NOTIFY_RETRY: webhook/ops BACKUP_FAILED to "
                    + endpoint.url("/***") + " attempt 1 failed (HTTP 500: nope 500)")
                    .contains("attempt 2 failed (HTTP 503: nope 503)")
                    .contains("NOTIFY_SENT: webhook/ops BACKUP_FAILED to " + endpoint.url("/***")
                            + " (HTTP 200, attempt 3)")
                    .doesNotContain(TOKEN);
        }
    }

    /** A receiver's answer is input: a huge body is read only in part, and its control characters never reach the log. */
    @Test
    void aHostileAnswerIsReadOnlyInPartAndLoggedWithoutControlCharacters(CapturedOutput output) throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(400, 0); // chunked: as long as the client reads
            byte[] chunk = ("\u001b[31mRED\u202e\r\nFAKE LOG LINE " + "x".repeat(64 * 1024)).getBytes(
                    java.nio.charset.StandardCharsets.UTF_8);
            try (var out = exchange.getResponseBody()) {
                for (int i = 0; i < 1024; i++) { // 64 MB if the client read it all
                    out.write(chunk);
                    sent.addAndGet(chunk.length);
                }
            } catch (java.io.IOException closedByTheClient) {
                // the client stopped reading: what this test wants
            }
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook/" + TOKEN;
            sender(Duration.ofSeconds(30), 1, 10, 1).submit(post(url));
            await().atMost(Duration.ofSeconds(60)).until(() -> count("failed") == 1);
            assertThat(output.getOut()).contains("NOTIFY_FAILED").contains("HTTP 400: ?[31mRED? FAKE LOG LINE xxx")
                    .doesNotContain("\u001b").doesNotContain("\u202e").doesNotContain(TOKEN);
            assertThat(sent.get()).isLessThan(64L * 1024 * 1024);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aClientErrorIsFinalAndTheRetriesRunOutOnServerErrors(CapturedOutput output) throws Exception {
        try (Loopback.Endpoint revoked = new Loopback.Endpoint(404); Loopback.Endpoint down = new Loopback.Endpoint(502)) {
            NotifySender sender = sender(Duration.ofSeconds(30), 2, 10, 1);
            sender.submit(post(revoked.url("/hook/" + TOKEN)));
            sender.submit(post(down.url("/hook?token=" + TOKEN)));

            await().atMost(Duration.ofSeconds(60)).until(() -> count("failed") == 2);
            assertThat(revoked.received()).hasSize(1);
            assertThat(down.received()).hasSize(3); // the first attempt and two retries
            assertThat(output.getOut()).contains("NOTIFY_FAILED: webhook/ops BACKUP_FAILED to " + revoked.url("/***")
                    + " after 1 attempt(s): HTTP 404")
                    .contains("NOTIFY_FAILED: webhook/ops BACKUP_FAILED to " + down.url("/***")
                            + " after 3 attempt(s): HTTP 502")
                    .doesNotContain(TOKEN);
        }
    }

    @Test
    void aBlackHoledReceiverCostsTheRequestTimeoutPerAttemptAndFails(CapturedOutput output) throws Exception {
        try (Loopback.BlackHole hole = new Loopback.BlackHole()) {
            boolean queued = sender(Duration.ofMillis(500), 1, 10, 1).submit(post(hole.url("/services/" + TOKEN)));

            assertThat(queued).isTrue();
            await().atMost(Duration.ofSeconds(60)).until(() -> count("failed") == 1);
            assertThat(hole.connections()).isEqualTo(2);
            assertThat(output.getOut()).contains("NOTIFY_FAILED: webhook/ops BACKUP_FAILED to " + hole.url("/***")
                    + " after 2 attempt(s): HttpTimeoutException").doesNotContain(TOKEN);
        }
    }

    /**
     * A receiver that answers 1 GB (streamed; ofString() once read it whole and the service died of it): of a
     * refusal only the first KB are read for the log, of a success nothing; the connection is let go, and the
     * next alert goes out at once.
     */
    @Test
    void aGigabyteAnswerIsNotReadAndTheNextAlertGoesOut(CapturedOutput output) throws Exception {
        try (Loopback.Answers receiver = new Loopback.Answers()) {
            NotifySender sender = sender(Duration.ofSeconds(5), 0, 10, 1);
            sender.submit(post(receiver.url("/huge/500")));
            sender.submit(post(receiver.url("/huge/200")));
            sender.submit(post(receiver.url("/next")));

            await().atMost(Duration.ofSeconds(30)).until(() -> count("delivered") == 2 && count("failed") == 1);
            assertThat(List.of(receiver.take(1), receiver.take(1), receiver.take(1))).containsExactly("/huge/500",
                    "/huge/200", "/next");
            assertThat(receiver.written()).as("what the receiver could send before the client let go")
                    .isLessThan(Loopback.Answers.GIGABYTE / 16);
            assertThat(output.getOut()).contains("NOTIFY_FAILED: webhook/ops BACKUP_FAILED to " + receiver.url("/***")
                    + " after 1 attempt(s): HTTP 500: " + "x".repeat(200) + "...");
        }
    }

    /**
     * A receiver that trickles its answer (a byte every 5 s, 1000 bytes: 83 minutes) holds its queue no longer than
     * one attempt's deadline (connect-timeout + request-timeout); a success's trickling body is not waited for.
     */
    @Test
    void aTricklingAnswerCostsOneDeadlineAndLaterAlertsAreDelivered(CapturedOutput output) throws Exception {
        try (Loopback.Answers receiver = new Loopback.Answers()) {
            sender = new NotifySender(Duration.ofSeconds(1), Duration.ofSeconds(1),
                    new Backoff(0, Duration.ofMillis(20), Duration.ofMillis(40)), 10, 1, meters);
            sender.submit(post(receiver.url("/trickle/500")));
            sender.submit(post(receiver.url("/trickle/200")));
            sender.submit(post(receiver.url("/next")));

            await().atMost(Duration.ofSeconds(20)).until(() -> count("delivered") == 2 && count("failed") == 1);
            assertThat(output.getOut()).contains("NOTIFY_FAILED: webhook/ops BACKUP_FAILED to " + receiver.url("/***")
                    + " after 1 attempt(s): no whole answer within 2000 ms");
        }
    }

    @Test
    void aFullQueueDropsCountsAndLogsTheNewDeliveryWithoutWaiting(CapturedOutput output) throws Exception {
        try (Loopback.BlackHole hole = new Loopback.BlackHole()) {
            // one thread held by a receiver that never answers (an hour of timeout), one place in the queue
            NotifySender sender = sender(Duration.ofHours(1), 0, 1, 1);

            boolean first = sender.submit(post(hole.url("/1/" + TOKEN)));
            boolean second = sender.submit(post(hole.url("/2/" + TOKEN)));
            boolean third = sender.submit(post(hole.url("/3/" + TOKEN)));
            boolean fourth = sender.submit(post(hole.url("/4/" + TOKEN)));

            assertThat(first).isTrue();
            assertThat(second).isTrue();
            assertThat(third).isFalse();
            assertThat(fourth).isFalse();
            assertThat(count("dropped")).isEqualTo(2);
            assertThat(output.getOut()).contains("NOTIFY_DROPPED: webhook/ops BACKUP_FAILED to " + hole.url("/***")
                    + " dropped: the queue of 1 waiting deliveries is full").doesNotContain(TOKEN);
        }
    }
}
