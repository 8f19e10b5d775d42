package dev.neo4jbackup.metadata;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.neo4j.driver.Driver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The metadata node's writer, only with {@code backup.metadata-node.enabled=true} (off by default). */
@Configuration(proxyBeanMethods = false)
public class MetadataNodeConfiguration {

    @Bean
    @ConditionalOnProperty(name = "backup.metadata-node.enabled", havingValue = "true")
    MetadataNodeWriter metadataNodeWriter(Driver driver, ObjectProvider<MeterRegistry> meters) {
        return new MetadataNodeWriter(driver, meters.getIfAvailable(SimpleMeterRegistry::new));
    }
}
