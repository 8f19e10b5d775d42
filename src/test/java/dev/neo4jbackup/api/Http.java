package dev.neo4jbackup.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Real HTTP against the running service, with or without a Basic credential. */
final class Http {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    Http(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), null);
    }

    HttpResponse<String> send(String method, String path, String json, String user, String password) {
        HttpRequest.BodyPublisher body = json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).method(method, body)
                .header("Content-Type", "application/json");
        return send(request, user == null ? null : user + ":" + password);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String credential) {
        if (credential != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credential.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return client.send(request.timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
