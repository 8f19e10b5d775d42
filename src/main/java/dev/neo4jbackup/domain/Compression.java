package dev.neo4jbackup.domain;

/** How an archive is stored. A Neo4j 5 dump is already Zstandard-compressed, so gzip mostly costs CPU. */
public enum Compression {
    GZIP(".dump.gz"),
    NONE(".dump");

    private final String suffix;

    Compression(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }
}
