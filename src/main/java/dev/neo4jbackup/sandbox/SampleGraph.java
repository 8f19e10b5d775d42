package dev.neo4jbackup.sandbox;

import java.util.Map;

import org.neo4j.driver.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small graph the project generates itself: people, companies, cities and skills with typed
 * properties, four relationship types, a uniqueness constraint and an index. Deterministic, so that a
 * restore can be checked against known counts.
 */
public final class SampleGraph {

    private static final Logger log = LoggerFactory.getLogger(SampleGraph.class);

    public static final int PEOPLE = 500;
    public static final int COMPANIES = 25;
    public static final int CITIES = 10;
    public static final int SKILLS = 15;

    private SampleGraph() {
    }

    public static void createIfEmpty(Driver driver) {
        try (var session = driver.session()) {
            long nodes = session.run("MATCH (n) RETURN count(n) AS c").single().get("c").asLong();
            if (nodes > 0) {
                return;
            }
            create(driver);
            log.info("SANDBOX: created the sample graph ({} nodes)", PEOPLE + COMPANIES + CITIES + SKILLS);
        }
    }

    public static void create(Driver driver) {
        try (var session = driver.session()) {
            session.run("CREATE CONSTRAINT person_id IF NOT EXISTS FOR (p:Person) REQUIRE p.id IS UNIQUE").consume();
            session.run("CREATE INDEX company_name IF NOT EXISTS FOR (c:Company) ON (c.name)").consume();
            session.run("""
                    UNWIND range(1, $cities) AS i
                    CREATE (:City {id: i, name: 'City ' + i, population: i * 10000})""",
                    Map.of("cities", CITIES)).consume();
            session.run("""
                    UNWIND range(1, $skills) AS i
                    CREATE (:Skill {id: i, name: 'Skill ' + i})""", Map.of("skills", SKILLS)).consume();
            session.run("""
                    UNWIND range(1, $companies) AS i
                    MATCH (city:City {id: 1 + i % $cities})
                    CREATE (c:Company {id: i, name: 'Company ' + i, founded: date({year: 1950 + i, month: 1, day: 1})})
                    CREATE (c)-[:LOCATED_IN]->(city)""",
                    Map.of("companies", COMPANIES, "cities", CITIES)).consume();
            session.run("""
                    UNWIND range(1, $people) AS i
                    MATCH (c:Company {id: 1 + i % $companies})
                    MATCH (s:Skill {id: 1 + i % $skills})
                    CREATE (p:Person {id: i, name: 'Person ' + i, age: 20 + i % 45, active: i % 3 <> 0,
                                      score: i * 0.5, tags: ['t' + (i % 4), 't' + (i % 7)]})
                    CREATE (p)-[:WORKS_AT {since: 2000 + i % 24}]->(c)
                    CREATE (p)-[:HAS_SKILL {level: 1 + i % 5}]->(s)""",
                    Map.of("people", PEOPLE, "companies", COMPANIES, "skills", SKILLS)).consume();
            session.run("""
                    MATCH (a:Person), (b:Person) WHERE b.id = a.id % $people + 1
                    CREATE (a)-[:KNOWS {weight: a.id % 10}]->(b)""", Map.of("people", PEOPLE)).consume();
        }
    }
}
