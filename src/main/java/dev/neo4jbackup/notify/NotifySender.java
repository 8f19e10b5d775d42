package dev.neo4jbackup.notify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Delivers webhooks and pings on a small executor of its own, behind a bounded queue: a slow, failing or
 * black-holed endpoint holds up only these threads, never a run. When the queue is full a new delivery is
 * dropped (logged and counted), never waited for. Each attempt has a connect and a request timeout, and the
 * whole attempt (connect, send, answer) a deadline of both together; of the answer's body only what the log
 * shows is read ({@link CappedBody}), nothing of a success's. Failures are retried with {@link Backoff}. Every
 * URL in a log line goes through {@link Redaction}.
 */
class NotifySender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NotifySender.class);

    static final String DELIVERIES = "neo4j.backup.notifications";

    private final HttpClient client;
    private final Duration requestTimeout;
    /** One attempt from its connect to the last byte read of its answer: connect-timeout + request-timeout. */
    private final Duration attemptDeadline;
    private final Backoff backoff;
    private final MeterRegistry meters;
    private final ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();

    NotifySender(Duration connectTimeout, Duration requestTimeout, Backoff backoff, int queueCapacity, int threads,
            MeterRegistry meters) {
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.requestTimeout = requestTimeout;
        this.attemptDeadline = connectTimeout.plus(requestTimeout);
        this.backoff = backoff;
        this.meters = meters;
        executor.setCorePoolSize(threads);
        executor.setMaxPoolSize(threads);
        executor.setQueueCapacity(queueCapacity);
        executor.setThreadNamePrefix("notify-");
        executor.setDaemon(true);
        // at shutdown what is in flight gets a moment; a black hole does not hold the exit up
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationSeconds(5);
        executor.initialize();
    }

    /** Queues the delivery and returns at once; false when the queue was full and it was dropped. */
    boolean submit(Delivery delivery) {
        try {
            executor.execute(() -> deliver(delivery));
            return true;
        } catch (TaskRejectedException full) {
            count(delivery, "dropped");
            log.warn("NOTIFY_DROPPED: {} {} to {} dropped: the queue of {} waiting deliveries is full (slow or dead "
                    + "endpoints?)", delivery.channel(), delivery.about(), Redaction.redact(delivery.url()),
                    executor.getQueueCapacity());
            return false;
        }
    }

    private void deliver(Delivery delivery) {
        String url = Redaction.redact(delivery.url());
        for (int attempt = 1;; attempt++) {
            int status;
            String problem;
            CompletableFuture<HttpResponse<String>> attemptInFlight = null;
            try {
                // the whole attempt (connect, send, the answer and as much of its body as is kept) has one deadline:
                // a receiver that trickles its answer a byte at a time holds this queue no longer than that
                attemptInFlight = client.sendAsync(request(delivery), CappedBody.HANDLER);
                HttpResponse<String> response = attemptInFlight.get(attemptDeadline.toMillis(),
                        TimeUnit.MILLISECONDS);
                status = response.statusCode();
                problem = "HTTP " + status + (Backoff.delivered(status) ? "" : ": " + abbreviate(response.body()));
            } catch (TimeoutException e) {
                attemptInFlight.cancel(true); // closes the connection
                status = Backoff.NO_ANSWER;
                problem = "no whole answer within " + attemptDeadline.toMillis() + " ms (backup.notify.connect-timeout"
                        + " + request-timeout)";
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                if (cause instanceof IllegalArgumentException) {
                    status = 0; // not a URL the client takes: final
                    problem = "invalid request: " + cause.getMessage();
                } else {
                    status = Backoff.NO_ANSWER;
                    problem = cause.getClass().getSimpleName() + (cause.getMessage() == null ? ""
                            : ": " + cause.getMessage());
                }
            } catch (InterruptedException e) {
                if (attemptInFlight != null) {
                    attemptInFlight.cancel(true);
                }
                Thread.currentThread().interrupt();
                count(delivery, "failed");
                log.warn("NOTIFY_FAILED: {} {} to {}: interrupted at shutdown", delivery.channel(), delivery.about(),
                        url);
                return;
            } catch (IllegalArgumentException e) {
                status = 0; // not a URL the client takes: final
                problem = "invalid request: " + e.getMessage();
            }
            if (Backoff.delivered(status)) {
                count(delivery, "delivered");
                log.info("NOTIFY_SENT: {} {} to {} ({}, attempt {})", delivery.channel(), delivery.about(), url,
                        problem, attempt);
                return;
            }
            Optional<Duration> pause = backoff.next(attempt, status);
            if (pause.isEmpty()) {
                count(delivery, "failed");
                log.warn("NOTIFY_FAILED: {} {} to {} after {} attempt(s): {}", delivery.channel(), delivery.about(),
                        url, attempt, Redaction.redact(problem));
                return;
            }
            log.info("NOTIFY_RETRY: {} {} to {} attempt {} failed ({}); again in {} ms", delivery.channel(),
                    delivery.about(), url, attempt, Redaction.redact(problem), pause.get().toMillis());
            try {
                Thread.sleep(pause.get().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                count(delivery, "failed");
                return;
            }
        }
    }

    private HttpRequest request(Delivery delivery) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(delivery.url())).timeout(requestTimeout)
                .header("User-Agent", "neo4j-backup-service");
        delivery.headers().forEach(builder::header);
        if (delivery.body() == null) {
            return builder.GET().build();
        }
        return builder.header("Content-Type", delivery.contentType())
                .POST(HttpRequest.BodyPublishers.ofString(delivery.body(), StandardCharsets.UTF_8)).build();
    }

    private void count(Delivery delivery, String result) {
        Counter.builder(DELIVERIES).description("Webhook and ping deliveries: delivered, failed (after the retries) "
                + "or dropped (queue full)").tag("channel", delivery.channel()).tag("result", result).register(meters)
                .increment();
    }

    /** One line of at most 200 characters, every control or format character (an ESC, a bidi mark) as '?'. */
    private static String abbreviate(String body) {
        String line = body == null ? "" : body.strip().replaceAll("\\s+", " ").replaceAll("[\\p{Cc}\\p{Cf}]", "?");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
