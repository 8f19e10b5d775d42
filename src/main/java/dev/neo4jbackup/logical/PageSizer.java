package dev.neo4jbackup.logical;

/**
 * How many ids the next window of an export reads, so that a page holds about {@code budget} bytes of lines
 * whatever the graph: small nodes get windows of up to {@code maxIds} ids, nodes with a 12 KB embedding or a 2 MB
 * text get windows of a few hundred or a few ids. Each label set (and the relationships) starts small and grows
 * at most twofold a page, like TCP's slow start, so that a graph whose first nodes are small and later ones large
 * overshoots by one window at most; it shrinks at once to what the last page measured. The bytes per entity are
 * the last written page's, the entities per id the last read page's (ids are sparse, and a start node has many
 * relationships or none).
 */
final class PageSizer {

    private static final long FIRST = 16;

    private final long maxIds;
    private final long budget;
    private long span = FIRST;
    private double entitiesPerId = -1;
    private double bytesPerEntity = -1;

    PageSizer(int maxIds, long budget) {
        this.maxIds = Math.max(1, maxIds);
        this.budget = Math.max(1, budget);
        this.span = Math.min(FIRST, this.maxIds);
    }

    /** The ids of the next window. */
    long span() {
        return span;
    }

    /** A page came back: {@code entities} rows for {@code ids} ids. */
    void read(long ids, long entities) {
        if (ids > 0) {
            entitiesPerId = (double) entities / ids;
        }
        resize();
    }

    /** A page was written: {@code entities} lines of {@code bytes} bytes. */
    void written(long entities, long bytes) {
        if (entities > 0) {
            bytesPerEntity = (double) bytes / entities;
        }
        resize();
    }

    private void resize() {
        long next = span * 2;
        if (bytesPerEntity > 0) {
            double entities = budget / bytesPerEntity;
            double ids = entitiesPerId > 0 ? entities / entitiesPerId : entities;
            next = Math.min(next, (long) Math.max(1, ids));
        }
        span = Math.max(1, Math.min(maxIds, next));
    }
}
