package dev.neo4jbackup.logical;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.logical.SchemaEntry.Entity;
import dev.neo4jbackup.logical.SchemaEntry.Kind;
import dev.neo4jbackup.neo4j.CypherNames;

/**
 * The schema as data: every constraint and every other index, read from the columns of {@code SHOW CONSTRAINTS}
 * and {@code SHOW INDEXES} (kind, name, entity, labels or types, properties, property type, options), never
 * from {@code createStatement}. An index that backs a constraint comes with its constraint; the import's own
 * temporary index is never part of it. Each entry must be one the import can rebuild ({@link SchemaEntries}):
 * a backup that could not be restored is refused when it is taken, not when it is needed.
 *
 * @param indexCount every index, those of the constraints included (what {@code SHOW INDEXES} counts)
 */
record Schema(List<SchemaEntry> constraints, List<SchemaEntry> indexes, int indexCount) {

    static Schema read(Session session) {
        List<SchemaEntry> constraints = new ArrayList<>();
        for (Record r : session.run("SHOW CONSTRAINTS YIELD name, type, entityType, labelsOrTypes, properties, "
                + "propertyType, options RETURN * ORDER BY name").list()) {
            constraints.add(checked(new SchemaEntry(constraintKind(r), r.get("name").asString(), entity(r),
                    names(r.get("labelsOrTypes")), names(r.get("properties")), r.get("propertyType").isNull() ? null
                            : r.get("propertyType").asString(), options(r.get("options")))));
        }
        List<SchemaEntry> indexes = new ArrayList<>();
        for (Record r : session.run("SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, options, "
                + "owningConstraint WHERE owningConstraint IS NULL AND name <> $temp RETURN * ORDER BY name",
                Map.of("temp", LogicalImporter.IMPORT_INDEX)).list()) {
            Kind kind = Kind.of(r.get("type").asString());
            if (kind == null || kind.constraint()) {
                throw unsupported("index", r);
            }
            indexes.add(checked(new SchemaEntry(kind, r.get("name").asString(), entity(r), names(r.get(
                    "labelsOrTypes")), names(r.get("properties")), null, options(r.get("options")))));
        }
        int count = session.run("SHOW INDEXES YIELD name WHERE name <> $temp RETURN count(*) AS c",
                Map.of("temp", LogicalImporter.IMPORT_INDEX)).single().get("c").asInt();
        return new Schema(constraints, indexes, count);
    }

    /** 5.26 names the kinds UNIQUENESS, NODE_KEY, ...; later releases NODE_PROPERTY_UNIQUENESS: both are read. */
    private static Kind constraintKind(Record r) {
        String type = r.get("type").asString();
        if (type.endsWith("UNIQUENESS")) {
            return Kind.UNIQUENESS;
        }
        if (type.equals("NODE_KEY") || type.equals("RELATIONSHIP_KEY")) {
            return Kind.KEY;
        }
        if (type.endsWith("PROPERTY_EXISTENCE")) {
            return Kind.EXISTENCE;
        }
        if (type.endsWith("PROPERTY_TYPE")) {
            return Kind.PROPERTY_TYPE;
        }
        throw unsupported("constraint", r);
    }

    private static Entity entity(Record r) {
        return "RELATIONSHIP".equals(r.get("entityType").asString()) ? Entity.RELATIONSHIP : Entity.NODE;
    }

    private static List<String> names(Value v) {
        return v.isNull() ? List.of() : v.asList(Value::asString);
    }

    private static Map<String, Object> options(Value v) {
        return v.isNull() ? Map.of() : v.asMap();
    }

    private static SchemaEntry checked(SchemaEntry entry) {
        String problem = SchemaEntries.problem(entry);
        if (problem != null) {
            boolean unsafeName = java.util.stream.Stream.concat(entry.labelsOrTypes().stream(),
                    entry.properties().stream()).anyMatch(n -> CypherNames.problem(n).isPresent());
            throw new BackupFailure(unsafeName ? ErrorCode.NAME_UNSAFE : ErrorCode.BACKUP_FAILED, "The "
                    + (entry.kind().constraint() ? "constraint " : "index ") + entry.describe() + " cannot be "
                    + "written into a logical backup that a restore could rebuild: " + problem, null, unsafeName
                            ? ErrorCode.NAME_UNSAFE.action() : DUMP_INSTEAD, null);
        }
        return entry;
    }

    private static final String DUMP_INSTEAD = "Take a dump backup of this database (backup.kind=dump), or drop "
            + "the index or constraint named above if it is not needed";

    private static BackupFailure unsupported(String what, Record r) {
        return new BackupFailure(ErrorCode.BACKUP_FAILED, "The " + what + " " + CypherNames.shown(r.get("name")
                .asString()) + " is of the kind " + CypherNames.shown(r.get("type").asString()) + ", which a logical "
                        + "backup does not restore", null, DUMP_INSTEAD, null);
    }
}
