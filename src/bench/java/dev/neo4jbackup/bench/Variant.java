package dev.neo4jbackup.bench;

import java.util.List;

/** The rows of the report, in the order they are printed. */
final class Variant {

    static final String SHELL = "shell pipeline";
    static final String BARE_DUMP = "bare stop+dump+start";
    static final String SERVICE_GZIP = "service, gzip";
    static final String SERVICE_NONE = "service, none";
    /** backup.neo4j.start-first=false: gzip beside Neo4j's start (the default waits until Neo4j answers) */
    static final String SERVICE_GZIP_OVERLAP = "service, gzip, packaging during the start";
    static final String SERVICE_GZIP_SNAPSHOT = "service, gzip, snapshot copy";
    static final String SERVICE_NONE_SNAPSHOT = "service, none, snapshot copy";
    /** backup.neo4j.nice=0: the snapshot's dump at the priority of Neo4j's start (the default is 10) */
    static final String SERVICE_GZIP_SNAPSHOT_NICE0 = "service, gzip, snapshot copy, nice 0";
    static final String SERVICE_SPRING = "service jar (Spring Boot), gzip";
    static final String GZIP_ALONE = "`gzip -6` alone";
    static final String SHA256_ALONE = "`sha256sum` alone";
    static final String PACK_GZIP = "ArchivePacker gzip alone";
    static final String PACK_GZIP_1 = "ArchivePacker gzip level 1 alone";
    static final String PACK_GZIP_6 = "ArchivePacker gzip level 6 alone";
    static final String PACK_GZIP_9 = "ArchivePacker gzip level 9 alone";
    static final String PACK_NONE = "ArchivePacker none alone";
    static final String PACK_GZIP_AGE = "ArchivePacker gzip + age alone";
    static final String PACK_NONE_AGE = "ArchivePacker none + age alone";
    static final String LOAD_BARE = "restore: bare stop+load+start";
    static final String LOAD_CHECKS = "restore: load + count checks";
    static final String RESTORE_SERVICE = "restore: service command (safety dump + load, one stop)";
    static final String APOC_EXPORT = "`apoc.export.json.all` (in the server)";
    static final String APOC_IMPORT = "`apoc.import.json` (in the server)";
    static final String LOGICAL_EXPORT = "service logical export, gzip (over Bolt)";
    static final String LOGICAL_IMPORT = "service logical import, clear-first (over Bolt)";
    static final String LOGICAL_DUMP = "service dump, gzip (same server, for comparison)";
    static final String LARGE_EXPORT = "large properties: service logical export, gzip (over Bolt)";
    static final String LARGE_CLEAR_FIRST = "large properties: proof + import, clear-first (over Bolt)";
    static final String LARGE_MERGE = "large properties: proof + import, merge after a tenth was deleted";

    static final List<String> BACKUP = List.of(SHELL, BARE_DUMP, SERVICE_GZIP, SERVICE_GZIP_OVERLAP, SERVICE_NONE,
            SERVICE_SPRING, SERVICE_GZIP_SNAPSHOT, SERVICE_NONE_SNAPSHOT);
    /** -Dbench.snapshot-only=true: the rows backup.neo4j.snapshot is judged by, side by side, nothing else. */
    static final List<String> SNAPSHOT = List.of(SHELL, BARE_DUMP, SERVICE_GZIP, SERVICE_GZIP_OVERLAP,
            SERVICE_GZIP_SNAPSHOT, SERVICE_NONE, SERVICE_NONE_SNAPSHOT, SERVICE_GZIP_SNAPSHOT_NICE0);
    static final List<String> PACKING = List.of(GZIP_ALONE, PACK_GZIP, PACK_GZIP_1, PACK_GZIP_6, PACK_GZIP_9,
            PACK_GZIP_AGE, SHA256_ALONE, PACK_NONE, PACK_NONE_AGE);
    static final List<String> RESTORE = List.of(LOAD_BARE, LOAD_CHECKS, RESTORE_SERVICE);
    /**
     * CI's smoke run (size XS): one row of each code path. "none" and the bare load differ from a kept row only
     * in a setting (the packing rows still run "none"); each row costs CI a Neo4j stop and start.
     */
    static final List<String> SMOKE_BACKUP = List.of(SHELL, BARE_DUMP, SERVICE_GZIP, SERVICE_SPRING,
            SERVICE_GZIP_SNAPSHOT);
    static final List<String> SMOKE_RESTORE = List.of(LOAD_CHECKS, RESTORE_SERVICE);
    /** -Dbench.only=restore: the backup rows the restore and packaging rows need as input, no others. */
    static final List<String> BACKUP_FOR_RESTORE = List.of(BARE_DUMP, SERVICE_GZIP);
    /** The logical rows: APOC's export and import next to ours, and the dump of the same graph. */
    static final List<String> LOGICAL = List.of(APOC_EXPORT, LOGICAL_EXPORT, APOC_IMPORT, LOGICAL_IMPORT,
            LOGICAL_DUMP);
    /** Issue 29: the graph of large properties, each row in a worker JVM with -Xmx256m; always in this order. */
    static final List<String> LARGE_PROPERTIES = List.of(LARGE_EXPORT, LARGE_CLEAR_FIRST, LARGE_MERGE);

    private Variant() {
    }
}
