package dev.neo4jbackup.api;

import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

import dev.neo4jbackup.domain.BackupId;

/**
 * Path variables and parameters typed {@link BackupId} are parsed here, before the endpoint runs; a malformed
 * id fails with {@link BackupId.Invalid}, which {@link ApiErrors} answers as 400 INVALID_INPUT.
 */
@Component
class BackupIdConverter implements Converter<String, BackupId> {

    @Override
    public BackupId convert(String source) {
        return BackupId.parse(source);
    }
}
