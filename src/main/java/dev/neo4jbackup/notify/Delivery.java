package dev.neo4jbackup.notify;

import java.util.Map;

/**
 * One HTTP request to deliver: to whom ({@code channel}, e.g. "webhook ops" or "ping"), what about (e.g.
 * BACKUP_FAILED, start), and the request itself. A null body is a GET.
 */
record Delivery(String channel, String about, String url, String contentType, String body,
        Map<String, String> headers) {

    Delivery {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    static Delivery get(String channel, String about, String url) {
        return new Delivery(channel, about, url, null, null, Map.of());
    }
}
