package dev.neo4jbackup.logical;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;

import org.neo4j.driver.Record;
import org.neo4j.driver.Session;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/**
 * The export's reads: id windows over {@code [from, to]}, each sized by {@link PageSizer} to about the page's
 * bytes, each one query in its own short transaction, one page ahead of the writer on a thread of its own (Neo4j
 * reads page i + 1 while page i is encoded, hashed and written). At most two pages are in memory; the session is
 * used by one thread at a time. Before each read the export asks whether it must stop (SIGTERM): it then ends
 * with SHUTDOWN within one page.
 */
final class ExportPages {

    /** What the caller does with a page; returns the bytes it wrote for it. */
    interface PageConsumer {
        long accept(List<Record> rows) throws IOException;
    }

    private record Page(long ids, List<Record> rows) {
    }

    private final Session session;
    private final BooleanSupplier stop;

    ExportPages(Session session, BooleanSupplier stop) {
        this.session = session;
        this.stop = stop;
    }

    /**
     * @param parameters the query's parameters for the window {@code [from, to]} ({@code from}, {@code to} added)
     */
    void forEachPage(String query, long from, long to, PageSizer sizer, LongFunction<Map<String, Object>> parameters,
            PageConsumer consumer) throws IOException {
        if (from > to) {
            return;
        }
        ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "logical-export-read");
            t.setDaemon(true);
            return t;
        });
        Future<Page> next = null;
        try {
            long[] cursor = {from};
            next = submit(reader, query, cursor, to, sizer, parameters);
            while (next != null) {
                Page page = await(next);
                sizer.read(page.ids(), page.rows().size());
                next = cursor[0] > to ? null : submit(reader, query, cursor, to, sizer, parameters);
                long bytes = consumer.accept(page.rows());
                sizer.written(page.rows().size(), bytes);
            }
        } finally {
            if (next != null) {
                try {
                    next.get(); // the session is closed after this: never under a read still running
                } catch (Exception ignored) {
                    // the first failure is the one thrown
                }
            }
            reader.shutdownNow();
        }
    }

    private Future<Page> submit(ExecutorService reader, String query, long[] cursor, long to, PageSizer sizer,
            LongFunction<Map<String, Object>> parameters) {
        if (stop.getAsBoolean()) {
            throw new BackupFailure(ErrorCode.SHUTDOWN, "The service is shutting down: the logical export was stopped "
                    + "between two pages; nothing was published");
        }
        long start = cursor[0];
        long end = Math.min(to, start + sizer.span() - 1);
        cursor[0] = end + 1;
        Map<String, Object> params = new java.util.HashMap<>(parameters.apply(start));
        params.put("from", start);
        params.put("to", end);
        return reader.submit(() -> new Page(end - start + 1, session.run(query, params).list()));
    }

    private static Page await(Future<Page> page) {
        try {
            return page.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a page of the export", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r; // ServiceUnavailableException and the others, as a read on this thread throws them
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
