package dev.neo4jbackup.neo4j;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/**
 * What {@code neo4j-admin database info --format=json} says of a store. Neo4j 5.26 prints one object for a
 * database and an array for a glob, every value a string:
 * <pre>
 * {"databaseName":"neo4j","inUse":"false","storeFormat":"record-aligned-1.1","storeFormatIntroduced":"5.0.0",
 *  "storeFormatSuperseded":null,"lastCommittedTransaction":"431","recoveryRequired":"false"}
 * </pre>
 * The text format says the same as {@code Last committed transaction id:431}. The id is only right for a store
 * that needs no recovery: a snapshot taken while Neo4j ran still shows its last checkpoint's; one in use shows -1.
 *
 * @param lastCommittedTransaction -1 when the tool cannot tell (the store is in use)
 */
public record StoreInfo(String database, boolean inUse, String storeFormat, long lastCommittedTransaction,
        boolean recoveryRequired) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Reads every store the output names; lines before the JSON (JVM warnings) are skipped. */
    public static List<StoreInfo> parse(String output) {
        String text = output == null ? "" : output;
        int start = -1;
        int offset = 0;
        for (String line : text.split("\n", -1)) {
            String json = line.stripLeading();
            if (json.startsWith("{") || json.startsWith("[")) {
                start = offset + line.length() - json.length();
                break;
            }
            offset += line.length() + 1;
        }
        if (start < 0) {
            throw unreadable(text, "no JSON in it");
        }
        try {
            JsonNode root = JSON.readTree(text.substring(start));
            List<StoreInfo> stores = new ArrayList<>();
            if (root.isArray()) {
                root.forEach(node -> stores.add(of(node)));
            } else {
                stores.add(of(root));
            }
            return stores;
        } catch (JacksonException | IllegalArgumentException e) {
            throw unreadable(text, e.getMessage());
        }
    }

    private static StoreInfo of(JsonNode node) {
        String name = text(node, "databaseName");
        if (name == null) {
            throw new IllegalArgumentException("no databaseName");
        }
        String tx = text(node, "lastCommittedTransaction");
        return new StoreInfo(name, "true".equals(text(node, "inUse")), text(node, "storeFormat"),
                tx == null ? -1 : Long.parseLong(tx.strip()), "true".equals(text(node, "recoveryRequired")));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static BackupFailure unreadable(String output, String why) {
        String shown = output.length() > 300 ? output.substring(0, 300) + "..." : output;
        return new BackupFailure(ErrorCode.NEO4J_ADMIN_FAILED, "neo4j-admin database info printed what this "
                + "version cannot read (" + why + "): " + shown.strip(), null,
                "Check that NEO4J_HOME is a Neo4j 5.x or newer installation", null);
    }
}
