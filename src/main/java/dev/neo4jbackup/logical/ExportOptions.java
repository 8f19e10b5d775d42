package dev.neo4jbackup.logical;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What one logical export leaves out and how it reads.
 *
 * @param excludeProperties {@code key} (on every label and type) or {@code Label.key} / {@code TYPE.key}
 * @param excludeLabels     nodes with one of these labels are left out, and so are their relationships
 * @param pageSize          the most node ids one query reads (an id window, never SKIP/LIMIT)
 * @param pageBytes         the bytes of lines one page may hold: the windows shrink and grow to stay near it
 * @param maxLineBytes      the longest line the export writes: a restore refuses longer ones, so the backup fails
 */
public record ExportOptions(List<String> excludeProperties, List<String> excludeLabels, int pageSize, long pageBytes,
        int maxLineBytes) {

    /** 8 MiB of lines a page: with two pages in flight, well inside a 256 MB heap. */
    public static final long DEFAULT_PAGE_BYTES = 8L * 1024 * 1024;

    public ExportOptions(List<String> excludeProperties, List<String> excludeLabels, int pageSize) {
        this(excludeProperties, excludeLabels, pageSize, DEFAULT_PAGE_BYTES, LogicalProof.DEFAULT_MAX_LINE_BYTES);
    }

    /** Never data: the metadata nodes an operator may keep of the backups (left out of every export). */
    public static final String METADATA_LABEL = dev.neo4jbackup.domain.GraphStats.METADATA_LABEL;

    public ExportOptions {
        excludeProperties = excludeProperties == null ? List.of() : List.copyOf(excludeProperties);
        excludeLabels = excludeLabels == null ? List.of() : List.copyOf(excludeLabels);
        if (pageSize < 1 || pageBytes < 1 || maxLineBytes < 1) {
            throw new IllegalArgumentException("pageSize, pageBytes and maxLineBytes must be positive");
        }
    }

    /** The labels left out, the metadata label included. */
    public List<String> labelsLeftOut() {
        List<String> all = new ArrayList<>(excludeLabels);
        if (!all.contains(METADATA_LABEL)) {
            all.add(METADATA_LABEL);
        }
        return all;
    }

    /** Whether {@code key} of an entity with these labels (or this type) is left out. */
    boolean excluded(String key, Iterable<String> labelsOrType) {
        if (key.equals(LogicalImporter.IMPORT_ID) || key.equals(LogicalImporter.MERGE_KEY)) {
            // our own bookkeeping: of an import that was cut short, and of a merge (the key of a node without a
            // uniqueness key): never data, so a merge into a graph that lost data gives back the same fingerprint
            return true;
        }
        for (String rule : excludeProperties) {
            int dot = rule.indexOf('.');
            if (dot < 0) {
                if (rule.equals(key)) {
                    return true;
                }
            } else if (rule.substring(dot + 1).equals(key)) {
                String owner = rule.substring(0, dot);
                for (String label : labelsOrType) {
                    if (label.equals(owner)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    boolean leftOut(List<String> labels) {
        Set<String> out = Set.copyOf(labelsLeftOut());
        return labels.stream().anyMatch(out::contains);
    }
}
