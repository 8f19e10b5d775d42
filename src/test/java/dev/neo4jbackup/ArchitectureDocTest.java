package dev.neo4jbackup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.lang.ArchRule;

/** docs/architecture.md stays true about the package rules: it names every rule PackageRulesTest holds. */
class ArchitectureDocTest {

    @Test
    void everyRuleIsInTheArchitectureDoc() throws IOException {
        String doc = Files.readString(Path.of("docs/architecture.md"));
        List<String> rules = Arrays.stream(PackageRulesTest.class.getDeclaredFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && ArchRule.class.isAssignableFrom(f.getType()))
                .map(Field::getName).toList();

        assertThat(rules).hasSizeGreaterThanOrEqualTo(14);
        assertThat(rules).allSatisfy(rule -> assertThat(doc).as("docs/architecture.md names the rule " + rule)
                .contains("`" + rule + "`"));
    }
}
