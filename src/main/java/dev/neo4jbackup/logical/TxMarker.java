package dev.neo4jbackup.logical;

import java.util.Set;
import java.util.TreeSet;

import org.neo4j.driver.Bookmark;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;

/**
 * Where the database's transaction log stands, as Neo4j 5 Community tells it over Bolt. Community has no
 * {@code lastCommittedTxn} in {@code SHOW DATABASES} (it is null there) and no transaction JMX beans; what
 * it does give every client is the bookmark of a committed transaction, which names the last transaction
 * the database had closed. Two read transactions with different bookmarks saw a write committed between
 * them, so the bookmarks before and after an export are the transaction evidence; the counts are the other.
 */
final class TxMarker {

    /** @param value the bookmark(s) as text; null when the server gave none (the counts then decide alone) */
    record Mark(String value) {
        String describe() {
            return value == null ? "(no bookmark)" : value;
        }
    }

    private TxMarker() {
    }

    static Mark read(Driver driver, String database) {
        try (Session session = driver.session(SessionConfig.forDatabase(database))) {
            session.executeRead(tx -> tx.run("RETURN 1").consume());
            Set<Bookmark> bookmarks = session.lastBookmarks();
            if (bookmarks == null || bookmarks.isEmpty()) {
                return new Mark(null);
            }
            Set<String> values = new TreeSet<>();
            bookmarks.forEach(b -> values.add(b.value()));
            return new Mark(String.join(",", values));
        }
    }
}
