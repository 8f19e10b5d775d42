package dev.neo4jbackup.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The HTTP API's credentials. There is no default password: without {@code password} the mutating
 * endpoints answer 503 and say how to turn them on.
 *
 * @param username       the operator (BACKUP_API_USERNAME): may create, validate, delete, pause, resume
 * @param password       BACKUP_API_PASSWORD; never logged
 * @param viewerUsername an optional read-only user (BACKUP_API_VIEWERUSERNAME)
 * @param viewerPassword its password (BACKUP_API_VIEWERPASSWORD)
 * @param publicRead     GET /api/** without a credential (backup metadata, no data)
 * @param publicActuator health, info and prometheus without a credential (probes and scrapers)
 */
@ConfigurationProperties("backup.api")
public record ApiProperties(
        @DefaultValue("operator") String username,
        String password,
        String viewerUsername,
        String viewerPassword,
        @DefaultValue("true") boolean publicRead,
        @DefaultValue("true") boolean publicActuator) {

    public ApiProperties {
        if (password != null && password.isBlank()) {
            password = null;
        }
        if (password != null && password.length() < 8) {
            throw new ConfigInvalidException("backup.api.password", "(hidden)", "shorter than 8 characters",
                    "set BACKUP_API_PASSWORD to a longer secret, e.g. from `openssl rand -base64 24`");
        }
        if (viewerPassword != null && viewerPassword.isBlank()) {
            viewerPassword = null;
        }
        if ((viewerUsername == null) != (viewerPassword == null)) {
            throw new ConfigInvalidException("backup.api.viewer-username", viewerUsername == null ? "" : viewerUsername,
                    "a viewer needs both a name and a password", "set both BACKUP_API_VIEWERUSERNAME and "
                            + "BACKUP_API_VIEWERPASSWORD, or neither");
        }
    }

    public boolean operatorConfigured() {
        return password != null;
    }

    /** Never the password, not even in a debugger's toString. */
    @Override
    public String toString() {
        return "ApiProperties[username=" + username + ", password=" + (password == null ? "unset" : "(hidden)")
                + ", viewer=" + viewerUsername + ", publicRead=" + publicRead + ", publicActuator=" + publicActuator
                + "]";
    }
}
