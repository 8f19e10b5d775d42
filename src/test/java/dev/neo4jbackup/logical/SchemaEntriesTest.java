package dev.neo4jbackup.logical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.logical.SchemaEntry.Entity;
import dev.neo4jbackup.logical.SchemaEntry.Kind;

/**
 * The header's schema as a pure validator: entries of format 2 (fields) and the create statements of format 1,
 * exactly as Neo4j 5.26 prints them (copied from {@code SHOW INDEXES} / {@code SHOW CONSTRAINTS} on the test
 * server), become entries and are rebuilt from fixed words; forged schemas (statements that are no index,
 * administration, procedures, LOAD CSV, joined statements, wrong types, names that escape their quotes) are
 * refused with where and why.
 */
class SchemaEntriesTest {

    /** {@code createStatement} as Neo4j 5.26.30 printed it for each index kind and the Community constraint. */
    static final List<String> PRINTED_BY_5_26 = List.of(
            "CREATE RANGE INDEX `r1` FOR (n:`Person`) ON (n.`id`)",
            "CREATE RANGE INDEX `r2` FOR ()-[r:`KNOWS`]-() ON (r.`w`, r.`x`)",
            "CREATE TEXT INDEX `t1` FOR (n:`Person`) ON (n.`name`)",
            "CREATE TEXT INDEX `t2` FOR ()-[r:`KNOWS`]-() ON (r.`note`)",
            "CREATE POINT INDEX `p1` FOR (n:`City`) ON (n.`loc`) OPTIONS {indexConfig: {`spatial.cartesian-3d.max`: "
                    + "[1000000.0, 1000000.0, 1000000.0],`spatial.cartesian-3d.min`: [-1000000.0, -1000000.0, "
                    + "-1000000.0],`spatial.cartesian.max`: [100.0, 100.0],`spatial.cartesian.min`: [-100.0, -100.0],"
                    + "`spatial.wgs-84-3d.max`: [180.0, 90.0, 1000000.0],`spatial.wgs-84-3d.min`: [-180.0, -90.0, "
                    + "-1000000.0],`spatial.wgs-84.max`: [180.0, 90.0],`spatial.wgs-84.min`: [-180.0, -90.0]}}",
            "CREATE FULLTEXT INDEX `f1` FOR (n:`Person`|`City`) ON EACH [n.`name`, n.`desc`] OPTIONS {indexConfig: "
                    + "{`fulltext.analyzer`: 'english',`fulltext.eventually_consistent`: true}}",
            "CREATE FULLTEXT INDEX `f2` FOR ()-[r:`KNOWS`]-() ON EACH [r.`note`] OPTIONS {indexConfig: "
                    + "{`fulltext.analyzer`: 'standard-no-stop-words',`fulltext.eventually_consistent`: false}}",
            "CREATE VECTOR INDEX `v1` FOR (n:`Person`) ON (n.`emb`) OPTIONS {indexConfig: {`vector.dimensions`: 3,"
                    + "`vector.hnsw.ef_construction`: 100,`vector.hnsw.m`: 16,`vector.quantization.enabled`: true,"
                    + "`vector.similarity_function`: 'COSINE'}}",
            "CREATE LOOKUP INDEX `index_343aff4e` FOR (n) ON EACH labels(n)",
            "CREATE LOOKUP INDEX `index_f7700477` FOR ()-[r]-() ON EACH type(r)",
            "CREATE RANGE INDEX `param``name\\u0060` FOR (n:`Person`) ON (n.`pq`)");

    static final List<String> CONSTRAINTS_5_26 = List.of(
            "CREATE CONSTRAINT `c1` FOR (n:`Person`) REQUIRE (n.`email`) IS UNIQUE",
            "CREATE CONSTRAINT `c2` FOR (n:`Person`) REQUIRE (n.`a`, n.`b`) IS UNIQUE",
            "CREATE CONSTRAINT `c3` FOR ()-[r:`KNOWS`]-() REQUIRE (r.`k`) IS UNIQUE",
            "CREATE CONSTRAINT `we``ird name` FOR (n:`La bel`) REQUIRE (n.`pr``op`) IS UNIQUE",
            // Enterprise's kinds, in the same form
            "CREATE CONSTRAINT `k1` FOR (n:`Person`) REQUIRE (n.`a`, n.`b`) IS NODE KEY",
            "CREATE CONSTRAINT `k2` FOR ()-[r:`KNOWS`]-() REQUIRE (r.`id`) IS RELATIONSHIP KEY",
            "CREATE CONSTRAINT `e1` FOR (n:`Person`) REQUIRE (n.`x`) IS NOT NULL",
            "CREATE CONSTRAINT `y1` FOR (n:`Person`) REQUIRE (n.`y`) IS :: INTEGER",
            "CREATE CONSTRAINT `y2` FOR ()-[r:`KNOWS`]-() REQUIRE (r.`z`) IS :: STRING | LIST<FLOAT NOT NULL>");

    private static SchemaEntries.Accepted accepted(Object schema, int version) {
        SchemaEntries.Result result = SchemaEntries.parse(schema, version);
        assertThat(result).as("%s", result).isInstanceOf(SchemaEntries.Accepted.class);
        return (SchemaEntries.Accepted) result;
    }

    private static SchemaEntries.Refused refused(Object schema, int version) {
        SchemaEntries.Result result = SchemaEntries.parse(schema, version);
        assertThat(result).as("%s", result).isInstanceOf(SchemaEntries.Refused.class);
        return (SchemaEntries.Refused) result;
    }

    @Test
    void format1StatementsAsNeo4jPrintsThemBecomeEntriesAndAreRebuiltFromFixedWords() {
        SchemaEntries.Accepted a = accepted(Map.of("constraints", CONSTRAINTS_5_26, "indexes", PRINTED_BY_5_26), 1);
        assertThat(a.constraints()).hasSize(CONSTRAINTS_5_26.size());
        assertThat(a.indexes()).hasSize(PRINTED_BY_5_26.size());
        SchemaEntry weird = a.constraints().get(3);
        assertThat(weird.name()).isEqualTo("we`ird name");
        assertThat(weird.labelsOrTypes()).containsExactly("La bel");
        assertThat(weird.properties()).containsExactly("pr`op");
        assertThat(SchemaStatements.create(weird).text()).isEqualTo(
                "CREATE CONSTRAINT $name IF NOT EXISTS FOR (n:`La bel`) REQUIRE (n.`pr``op`) IS UNIQUE");
        SchemaEntry fulltext = a.indexes().get(5);
        assertThat(fulltext.kind()).isEqualTo(Kind.FULLTEXT);
        assertThat(fulltext.labelsOrTypes()).containsExactly("Person", "City");
        assertThat(fulltext.options()).isEqualTo(Map.of("indexConfig", Map.of("fulltext.analyzer", "english",
                "fulltext.eventually_consistent", true)));
        SchemaStatements.Statement ft = SchemaStatements.create(fulltext);
        assertThat(ft.text()).isEqualTo("CREATE FULLTEXT INDEX $name IF NOT EXISTS FOR (n:`Person`|`City`) ON EACH "
                + "[n.`name`, n.`desc`] OPTIONS $options");
        assertThat(ft.parameters()).containsEntry("name", "f1").containsEntry("options", fulltext.options());
        SchemaEntry vector = a.indexes().get(7);
        assertThat(((Map<?, ?>) vector.options().get("indexConfig")).get("vector.dimensions")).isEqualTo(3L);
        assertThat(SchemaStatements.create(a.indexes().get(9)).text()).isEqualTo(
                "CREATE LOOKUP INDEX $name IF NOT EXISTS FOR ()-[r]-() ON EACH type(r)");
        // the name Neo4j printed with a raw \u0060 is the literal text it stored: a parameter keeps it so
        assertThat(a.indexes().get(10).name()).isEqualTo("param`name\\u0060");
        assertThat(SchemaStatements.create(a.constraints().get(8)).text()).endsWith(
                "FOR ()-[r:`KNOWS`]-() REQUIRE (r.`z`) IS :: STRING | LIST<FLOAT NOT NULL>");
        assertThat(SchemaStatements.create(a.constraints().get(5)).text()).endsWith("IS RELATIONSHIP KEY");
        for (SchemaEntry e : a.constraints()) {
            assertThat(e.kind().constraint()).isTrue();
        }
        // what format 2 writes of them reads back as the same entries
        Map<String, Object> asFields = Map.of("constraints", a.constraints().stream().map(SchemaEntry::toJson)
                .toList(), "indexes", a.indexes().stream().map(SchemaEntry::toJson).toList());
        SchemaEntries.Accepted again = accepted(roundTripJson(asFields), 2);
        assertThat(again.constraints()).usingRecursiveComparison().isEqualTo(a.constraints());
        assertThat(again.indexes()).hasSize(a.indexes().size());
    }

    /** Through JSON as a file holds it (numbers come back as Jackson reads them). */
    private static Object roundTripJson(Object value) {
        return LogicalExporter.LINES.readValue(LogicalExporter.LINES.writeValueAsString(value), Object.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "MATCH (n) DETACH DELETE n",
            "CREATE USER pwned SET PASSWORD 'x' CHANGE NOT REQUIRED",
            "CALL dbms.security.createUser('pwned', 'x', false)",
            "LOAD CSV FROM 'file:///etc/passwd' AS l CREATE (:Leak {l: l})",
            "CREATE RANGE INDEX `a` FOR (n:`A`) ON (n.`b`); MATCH (n) DETACH DELETE n",
            "CREATE RANGE INDEX `a` FOR (n:`A`) ON (n.`b`)\nMATCH (n) DETACH DELETE n",
            "CREATE RANGE INDEX `a` FOR (n:`A`) ON (n.`b`) // trailing",
            "CREATE RANGE INDEX `a` FOR (n:`A\\u0060) MATCH (m) DETACH DELETE m //`) ON (n.`b`)",
            "CREATE RANGE INDEX `a` FOR (n:`A`) ON (n.`b`) OPTIONS {indexConfig: {}, x: 1}",
            "CREATE RANGE INDEX `a` FOR (n:`A`) ON (n.`b`) OPTIONS {indexProvider: 'range-1.0' + ''}",
            "CREATE TEXT INDEX `a` FOR (n:`A`|`B`) ON (n.`b`)",
            "CREATE INDEX a FOR (n:A) ON (n.b)",
            "create range index `a` for (n:`A`) on (n.`b`)",
            "CREATE CONSTRAINT `c` FOR (n:`A`) REQUIRE (n.`b`) IS :: INTEGER } MATCH (n) DETACH DELETE n //",
            "CREATE CONSTRAINT `c` FOR (n:`A`) REQUIRE (n.`b`) IS RELATIONSHIP KEY",
            "DROP CONSTRAINT `c`",
            "CREATE DATABASE pwned",
            "CREATE CONSTRAINT `c` FOR (n:`A`) REQUIRE (n.`b`) IS UNIQUE OPTIONS {indexProvider: 'x\\' OR 1=1'}"})
    void forgedStatementsOfFormat1AreRefusedWithWhereAndWhy(String statement) {
        SchemaEntries.Refused r = refused(Map.of("constraints", List.of(), "indexes", List.of(
                "CREATE RANGE INDEX `fine` FOR (n:`A`) ON (n.`b`)", statement)), 1);
        assertThat(r.where()).isEqualTo("schema.indexes[1]");
        BackupFailure f = r.failure();
        assertThat(f.code()).isEqualTo(ErrorCode.LOGICAL_FORMAT_INVALID);
        assertThat(f.reason()).startsWith("Line 1 (the header) of the logical backup: schema.indexes[1]: ")
                .endsWith("refused before anything was written").doesNotContain("\n");
    }

    @Test
    void wrongShapesAndTypesAreRefused() {
        assertThat(refused(Map.of("constraints", List.of(42)), 1).reason()).contains("is not a create statement");
        assertThat(refused(Map.of("constraints", List.of(42)), 2).reason()).contains("is not an object");
        assertThat(refused(Map.of("constraints", "CREATE CONSTRAINT ..."), 2).reason()).isEqualTo("is not a list");
        assertThat(refused(List.of(), 2).where()).isEqualTo("schema");
        assertThat(refused(Map.of("statements", List.of()), 2).reason()).contains("only constraints and indexes");
        // an index in the constraints' list, and the other way round
        assertThat(refused(Map.of("constraints", List.of("CREATE RANGE INDEX `a` FOR (n:`A`) ON (n.`b`)")), 1)
                .reason()).contains("is not a constraint");
        assertThat(refused(Map.of("indexes", List.of(CONSTRAINTS_5_26.get(0))), 1).reason()).contains("is not an "
                + "index");
        assertThat(refused(Map.of("indexes", List.of(PRINTED_BY_5_26.get(0), PRINTED_BY_5_26.get(0))), 1).reason())
                .contains("given twice");
        assertThat(accepted(null, 2).indexes()).isEmpty();
    }

    @Test
    void format2EntriesAreCheckedFieldByField() {
        Map<String, Object> good = entry("RANGE", "doc_title", "NODE", List.of("Document"), List.of("title"));
        assertThat(accepted(Map.of("indexes", List.of(good)), 2).indexes().get(0)).isEqualTo(new SchemaEntry(
                Kind.RANGE, "doc_title", Entity.NODE, List.of("Document"), List.of("title"), null, Map.of()));
        Object[][] forged = {
                {"kind", "USER"}, {"kind", "range"}, {"entity", "GRAPH"}, {"name", 7}, {"name", ""},
                {"labelsOrTypes", List.of("A\\u0060) MATCH (m) DETACH DELETE m //")}, {"labelsOrTypes", List.of("a\nb")},
                {"labelsOrTypes", List.of("rtl\u202e")}, {"labelsOrTypes", "Document"}, {"labelsOrTypes", List.of(1)},
                {"labelsOrTypes", List.of()}, {"labelsOrTypes", List.of("A", "B")}, {"properties", List.of()},
                {"propertyType", "INTEGER"}, {"statement", "MATCH (n) DETACH DELETE n"},
                {"options", Map.of("indexProvider", "vector-2.0")}, {"options", Map.of("indexConfig", Map.of("x", 1))},
                {"options", Map.of("evil", "x")}, {"options", "OPTIONS {}"}};
        for (Object[] change : forged) {
            Map<String, Object> e = new LinkedHashMap<>(good);
            e.put((String) change[0], change[1]);
            assertThat(SchemaEntries.parse(Map.of("indexes", List.of(e)), 2)).as("%s = %s", change[0], change[1])
                    .isInstanceOf(SchemaEntries.Refused.class);
        }
        Map<String, Object> typed = entry("PROPERTY_TYPE", "t", "NODE", List.of("A"), List.of("b"));
        typed.put("propertyType", "INTEGER } MATCH (n) DETACH DELETE n //");
        assertThat(refused(Map.of("constraints", List.of(typed)), 2).reason()).contains("is not a property type");
        typed.put("propertyType", "LIST<STRING NOT NULL> | BOOLEAN");
        assertThat(SchemaStatements.create(accepted(Map.of("constraints", List.of(typed)), 2).constraints().get(0))
                .text()).endsWith("REQUIRE (n.`b`) IS :: LIST<STRING NOT NULL> | BOOLEAN");
        Map<String, Object> vector = entry("VECTOR", "v", "RELATIONSHIP", List.of("T"), List.of("e"));
        vector.put("options", Map.of("indexProvider", "vector-2.0", "indexConfig", Map.of("vector.dimensions",
                1_000_000, "vector.similarity_function", "COSINE")));
        assertThat(refused(Map.of("indexes", List.of(vector)), 2).reason()).contains("vector.dimensions");
    }

    @Test
    void theLongestNameIsCheckedWithoutTheRegexEngineRecursingPerCharacter() {
        String name = "L".repeat(dev.neo4jbackup.neo4j.CypherNames.MAX_LENGTH - 1) + "`";
        SchemaEntry e = new SchemaEntry(Kind.RANGE, "n", Entity.NODE, List.of(name), List.of("p"),
                null, Map.of());
        assertThat(SchemaStatements.create(e).text()).contains("``)");
        SchemaEntry tooLong = new SchemaEntry(Kind.RANGE, "n", Entity.NODE, List.of(name + "xx"), List.of("p"), null,
                Map.of());
        assertThat(SchemaEntries.problem(tooLong)).contains("characters long");
        assertThatThrownBy(() -> SchemaStatements.create(tooLong)).isInstanceOf(BackupFailure.class);
    }

    private static Map<String, Object> entry(String kind, String name, String entity, List<String> labels,
            List<String> properties) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("kind", kind);
        e.put("name", name);
        e.put("entity", entity);
        e.put("labelsOrTypes", labels);
        e.put("properties", properties);
        return e;
    }
}
