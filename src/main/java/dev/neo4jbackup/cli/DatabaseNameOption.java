package dev.neo4jbackup.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import dev.neo4jbackup.domain.DatabaseName;

/**
 * {@code --database NAME}: Neo4j's naming rule, checked while the arguments are read, so that a name such
 * as {@code NEO4J} or {@code ../x} is a usage error (exit 2, with the name meant) before anything runs.
 */
final class DatabaseNameOption implements ITypeConverter<String> {

    @Override
    public String convert(String value) {
        try {
            return DatabaseName.require(value);
        } catch (DatabaseName.Invalid e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
