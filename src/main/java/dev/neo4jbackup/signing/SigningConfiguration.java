package dev.neo4jbackup.signing;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.config.SigningProperties;

/** The service's signing keys ({@code backup.signing.*}), read (or the first one written) once at start. */
@Configuration(proxyBeanMethods = false)
class SigningConfiguration {

    @Bean
    ManifestSigner manifestSigner(SigningProperties signing, BackupProperties properties) {
        return SigningKeyFile.signer(signing, properties.storage().path());
    }
}
