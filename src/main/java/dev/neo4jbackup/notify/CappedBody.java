package dev.neo4jbackup.notify;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A receiver's answer body, read no further than the log needs: nothing of a success's (2xx: delivered once the
 * status line is in), at most {@link #KEPT_BYTES} of a refusal's, then the connection is let go. A receiver that
 * answers 1 GB costs 4 KB, never the heap ({@code ofString()} read it whole).
 */
final class CappedBody implements HttpResponse.BodySubscriber<String> {

    /** What of a refusal's body is read: the log shows its first 200 characters. */
    static final int KEPT_BYTES = 4 * 1024;

    static final HttpResponse.BodyHandler<String> HANDLER = info -> new CappedBody(Backoff.delivered(
            info.statusCode()) ? 0 : KEPT_BYTES);

    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final CompletableFuture<String> body = new CompletableFuture<>();
    private Flow.Subscription subscription;

    CappedBody(int limit) {
        this.limit = limit;
    }

    @Override
    public CompletionStage<String> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription value) {
        subscription = value;
        if (limit == 0) {
            value.cancel(); // not a byte of it is needed
            complete();
        } else {
            value.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            int n = Math.min(buffer.remaining(), limit - kept.size());
            byte[] bytes = new byte[n];
            buffer.get(bytes);
            kept.write(bytes, 0, n);
        }
        if (kept.size() >= limit) {
            subscription.cancel(); // the rest is never read: the connection is closed, not drained
            complete();
        } else {
            subscription.request(1);
        }
    }

    @Override
    public void onError(Throwable error) {
        body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        complete();
    }

    private void complete() {
        body.complete(kept.toString(StandardCharsets.UTF_8));
    }
}
