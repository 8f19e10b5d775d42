package dev.neo4jbackup.observe;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** True when some {@code backup.destinations.<name>} is configured: without one there is no off-site component. */
final class WithDestinations implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return ConfigurationPropertySources.get(context.getEnvironment()) != null
                && Binder.get(context.getEnvironment()).bind("backup.destinations",
                        Bindable.mapOf(String.class, Object.class))
                        .map(m -> !m.isEmpty()).orElse(false);
    }
}
