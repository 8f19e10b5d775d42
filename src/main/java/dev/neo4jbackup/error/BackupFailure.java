package dev.neo4jbackup.error;

import java.util.ArrayList;
import java.util.List;

/**
 * A failure an operator has to understand without reading code: the code, the reason, the numbers
 * (e.g. "Required: 524 MB | Available: 50 MB") and the action to take.
 */
public class BackupFailure extends RuntimeException {

    private final ErrorCode code;
    private final String reason;
    private final String numbers;
    private final String action;

    public BackupFailure(ErrorCode code, String reason) {
        this(code, reason, null, null, null);
    }

    public BackupFailure(ErrorCode code, String reason, String numbers) {
        this(code, reason, numbers, null, null);
    }

    public BackupFailure(ErrorCode code, String reason, String numbers, String action, Throwable cause) {
        super(code + ": " + reason, cause);
        this.code = code;
        this.reason = reason;
        this.numbers = numbers;
        this.action = action != null ? action : code.action();
    }

    public static BackupFailure of(ErrorCode code, String reason, Throwable cause) {
        return new BackupFailure(code, reason, null, null, cause);
    }

    public BackupFailure withAction(String newAction) {
        return new BackupFailure(code, reason, numbers, newAction, getCause());
    }

    public ErrorCode code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    /** The numbers behind the failure, or null when there are none. */
    public String numbers() {
        return numbers;
    }

    public String action() {
        return action;
    }

    /** The operator-facing lines, in the failure layout Code, Reason, Required | Available, Action (without the level prefix). */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("Code: " + code);
        lines.add("Reason: " + reason);
        if (numbers != null && !numbers.isBlank()) {
            lines.add(numbers);
        }
        lines.add("Action: " + action);
        return lines;
    }
}
