package dev.neo4jbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/**
 * Every "neo4j-backup WORD" the service tells an operator (alert texts, actions, help, the README and docs/*.md) names a
 * command that exists: the alerts once said "run one by hand: neo4j-backup backup", a usage error.
 */
class CommandNamesTest {

    static final Pattern MENTION = Pattern.compile("neo4j-backup ([a-z][a-z-]*)");
    /** Words that follow the tool's name in prose, not as a command ("neo4j-backup runs the service's jar"). */
    static final Set<String> PROSE = Set.of("runs", "is", "command", "service", "jar", "the");

    @Test
    void everyMentionedCommandExists() throws IOException {
        Set<String> commands = new CommandLine(new Cli(Map.of())).getSubcommands().keySet();
        List<String> wrong = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            sources.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
        }
        files.add(Path.of("README.md"));
        try (Stream<Path> pages = Files.list(Path.of("docs"))) {
            pages.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        for (Path file : files) {
            Matcher m = MENTION.matcher(Files.readString(file));
            while (m.find()) {
                if (!commands.contains(m.group(1)) && !PROSE.contains(m.group(1))) {
                    wrong.add(file + ": neo4j-backup " + m.group(1));
                }
            }
        }
        assertThat(wrong).as("commands that do not exist").isEmpty();
    }
}
