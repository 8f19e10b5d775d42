package dev.neo4jbackup.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.DatabaseName;
import dev.neo4jbackup.error.BackupFailure;

/** Every refusal is JSON with code, reason, the numbers and the action, and an HTTP status that fits. */
@RestControllerAdvice(basePackageClasses = ApiErrors.class)
class ApiErrors {

    @ExceptionHandler(BackupFailure.class)
    ResponseEntity<Map<String, Object>> failure(BackupFailure failure) {
        HttpStatus status = switch (failure.code()) {
            case BACKUP_NOT_FOUND, OFFSITE_UNKNOWN -> HttpStatus.NOT_FOUND;
            case OFFSITE_CONFLICT -> HttpStatus.CONFLICT;
            case OFFSITE_FAILED -> HttpStatus.BAD_GATEWAY;
            case BACKUP_LOCKED, BACKUP_PROTECTED, STORAGE_UNSAFE -> HttpStatus.CONFLICT;
            case BACKUP_CORRUPTED, BACKUP_SIDECAR_MISMATCH, BACKUP_INVALID, BACKUP_UNTRUSTED ->
                    HttpStatus.UNPROCESSABLE_CONTENT;
            case BACKUP_NO_SPACE -> HttpStatus.INSUFFICIENT_STORAGE;
            case CONFIG_INVALID -> HttpStatus.BAD_REQUEST;
            case NEO4J_UNREACHABLE, NEO4J_ADMIN_MISSING, STORAGE_NOT_WRITABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            default -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
        return ResponseEntity.status(status).body(body(failure));
    }

    @ExceptionHandler(DatabaseName.Invalid.class)
    ResponseEntity<Map<String, Object>> badDatabaseName(DatabaseName.Invalid e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", "INVALID_INPUT");
        body.put("reason", e.getMessage());
        body.put("action", e.action());
        return ResponseEntity.badRequest().body(body);
    }

    /** A path variable or parameter that is no backup id: answered like every other malformed id. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> badArgument(MethodArgumentTypeMismatchException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BackupId.Invalid invalid) {
                return badInput(invalid);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", "INVALID_INPUT");
        body.put("reason", "'" + e.getValue() + "' is not a valid " + e.getName());
        body.put("action", PAGING.contains(e.getName()) ? PAGE_ACTION
                : "Check the request (GET /api/backups lists the backups)");
        return ResponseEntity.badRequest().body(body);
    }

    private static final Set<String> PAGING = Set.of("limit", "offset");
    private static final String PAGE_ACTION = "Use limit 1.." + BackupApi.MAX_LIMIT + " (default "
            + BackupApi.DEFAULT_LIMIT + ") and offset 0 or more; the next page is in the Link header";

    /** A page of GET /api/backups that cannot be: its own action, not the one for a malformed id. */
    static final class PageOutOfRange extends IllegalArgumentException {
        PageOutOfRange(String message) {
            super(message);
        }
    }

    @ExceptionHandler(PageOutOfRange.class)
    ResponseEntity<Map<String, Object>> badPage(PageOutOfRange e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", "INVALID_INPUT");
        body.put("reason", e.getMessage());
        body.put("action", PAGE_ACTION);
        return ResponseEntity.badRequest().body(body);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, Object>> badInput(IllegalArgumentException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", "INVALID_INPUT");
        body.put("reason", e.getMessage());
        body.put("action", "Use a backup id of the form <database>-<yyyyMMdd-HHmmss> (GET /api/backups lists them)");
        return ResponseEntity.badRequest().body(body);
    }

    static Map<String, Object> body(BackupFailure failure) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", failure.code().name());
        body.put("reason", failure.reason());
        if (failure.numbers() != null) {
            body.put("numbers", failure.numbers());
        }
        body.put("action", failure.action());
        return body;
    }
}
