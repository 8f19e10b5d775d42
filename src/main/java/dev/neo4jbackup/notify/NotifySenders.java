package dev.neo4jbackup.notify;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Makes one {@link NotifySender} per receiver (each webhook, the ping): one thread each, so a receiver's
 * deliveries arrive in the order of the alerts (a recovery never before its failure), and a black-holed
 * receiver holds up only its own queue.
 */
record NotifySenders(Duration connectTimeout, Duration requestTimeout, Backoff backoff, int queueCapacity,
        MeterRegistry meters) {

    NotifySender create() {
        return new NotifySender(connectTimeout, requestTimeout, backoff, queueCapacity, 1, meters);
    }
}
