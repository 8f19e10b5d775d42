package dev.neo4jbackup.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: a {@link Neo4jServer} parameter gets the shared, started server with the sample
 * graph (one per JVM, as starting Neo4j costs ~10 s); a parameter annotated {@link Fresh} gets a
 * server of its own, started empty and stopped after the test. A failed start fails the test with
 * Neo4j's own log in the message.
 */
public class Neo4jExtension implements ParameterResolver {

    /** A server of the test's own rather than the shared one. */
    @java.lang.annotation.Target(java.lang.annotation.ElementType.PARAMETER)
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    public @interface Fresh {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Neo4jServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        try {
            if (parameter.isAnnotated(Fresh.class)) {
                Neo4jServer server = Neo4jServer.start(context.getRequiredTestMethod().getName());
                context.getStore(ExtensionContext.Namespace.create(Neo4jExtension.class, parameter.getIndex()))
                        .put("server", (ExtensionContext.Store.CloseableResource) server::close);
                return server;
            }
            return SharedNeo4j.get();
        } catch (IllegalStateException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
    }
}
