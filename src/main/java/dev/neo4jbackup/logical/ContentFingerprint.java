package dev.neo4jbackup.logical;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.neo4j.driver.Value;

/**
 * A typed, order-independent fingerprint of a graph's content, fed one entity at a time (heap: 16 bytes a
 * node, for the relationships' ends): a node is hashed from its sorted labels and its properties with their
 * types, a relationship from its type, properties and the hashes of its two nodes; the hashes are added up
 * (so any order gives the same sum). Internal ids never enter it: the same graph restored elsewhere has the
 * same fingerprint.
 */
public final class ContentFingerprint {

    private long sumHigh;
    private long sumLow;
    private long nodes;
    private long relationships;
    private final LongLongMap nodeHashes = new LongLongMap();

    /** @param properties what was (or is to be) exported: the exclusions already applied */
    public void node(long id, List<String> labels, Map<String, Value> properties) {
        List<String> sorted = new ArrayList<>(labels);
        sorted.sort(null);
        long[] h = hash("N" + sorted + canonical(properties));
        nodeHashes.put(id, h[0]);
        add(h);
        nodes++;
    }

    /** A relationship whose nodes were given to {@link #node} before. */
    public void relationship(long startId, String type, Map<String, Value> properties, long endId) {
        add(hash("R" + nodeHashes.get(startId) + ":" + type + canonical(properties) + ":" + nodeHashes.get(endId)));
        relationships++;
    }

    public long nodes() {
        return nodes;
    }

    public long relationships() {
        return relationships;
    }

    /** {@code <32 hex digits>} of the sums; two graphs with the same content have the same value. */
    public String value() {
        return String.format("%016x%016x", sumHigh, sumLow);
    }

    private void add(long[] h) {
        sumHigh += h[0];
        sumLow += h[1];
    }

    private static String canonical(Map<String, Value> properties) {
        Map<String, String> sorted = new TreeMap<>();
        properties.forEach((k, v) -> sorted.put(k, JsonValues.canonical(v)));
        return sorted.toString();
    }

    /** One digest for the fingerprint's life (fed from one thread): no provider look-up per entity. */
    private final MessageDigest sha256 = newSha256();

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private long[] hash(String text) {
        byte[] d = sha256.digest(text.getBytes(StandardCharsets.UTF_8));
        return new long[] {toLong(d, 0), toLong(d, 8)};
    }

    private static long toLong(byte[] b, int at) {
        long v = 0;
        for (int i = at; i < at + 8; i++) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }

    /** Open addressing long to long, so that a million nodes cost 32 MB and no boxing. */
    static final class LongLongMap {
        private long[] keys = new long[1024];
        private long[] values = new long[1024];
        private boolean[] used = new boolean[1024];
        private int size;

        void put(long key, long value) {
            if (size * 2 >= keys.length) {
                grow();
            }
            int i = slot(key, keys.length);
            while (used[i] && keys[i] != key) {
                i = (i + 1) & (keys.length - 1);
            }
            if (!used[i]) {
                size++;
            }
            used[i] = true;
            keys[i] = key;
            values[i] = value;
        }

        /** 0 for a node never given (a relationship to an excluded node is never fed). */
        long get(long key) {
            int i = slot(key, keys.length);
            while (used[i]) {
                if (keys[i] == key) {
                    return values[i];
                }
                i = (i + 1) & (keys.length - 1);
            }
            return 0;
        }

        private void grow() {
            long[] oldKeys = keys;
            long[] oldValues = values;
            boolean[] oldUsed = used;
            keys = new long[oldKeys.length * 2];
            values = new long[oldKeys.length * 2];
            used = new boolean[oldKeys.length * 2];
            size = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldUsed[i]) {
                    put(oldKeys[i], oldValues[i]);
                }
            }
            Arrays.fill(oldUsed, false);
        }

        private static int slot(long key, int length) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32)) & (length - 1);
        }
    }
}
