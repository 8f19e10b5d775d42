package dev.neo4jbackup.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured repetition of one variant. -1 means "not applicable" (e.g. no heap for a shell command).
 *
 * @param wallMs     end to end: from the stop until the backup is stored AND Neo4j answers again
 * @param downtimeMs from the stop until a query runs on Bolt again
 * @param extra      stage times and other numbers of this variant (e.g. gzipMs, packageMs)
 */
record Sample(String size, String variant, int rep, long wallMs, long downtimeMs, long storedBytes,
        long rawBytes, long heapPeakBytes, long rssPeakBytes, Map<String, Long> extra) {

    Sample {
        extra = new LinkedHashMap<>(extra);
    }

    long extra(String key) {
        return extra.getOrDefault(key, -1L);
    }
}
