package dev.neo4jbackup.alert;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

import org.springframework.core.task.TaskExecutor;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * Hands mails to the SMTP server on the mail executor's single thread: a slow or dead mail server holds up
 * only that thread, never a backup run (which raised the alert and moved on). The executor's queue is
 * bounded; a mail it refuses fails like an undelivered one and is sent again with the next alert or check.
 */
class AlertMailer {

    private final JavaMailSender sender;
    private final List<String> recipients;
    private final String from;
    private final TaskExecutor executor;

    AlertMailer(JavaMailSender sender, List<String> recipients, String from, TaskExecutor executor) {
        this.sender = sender;
        this.recipients = List.copyOf(recipients);
        this.from = from;
        this.executor = executor;
    }

    List<String> recipients() {
        return recipients;
    }

    /** Completes when the server accepted the mail, exceptionally when it did not. */
    CompletableFuture<Void> send(AlertMail.Rendered mail) {
        try {
            return CompletableFuture.runAsync(() -> {
                SimpleMailMessage message = new SimpleMailMessage();
                message.setFrom(from);
                message.setTo(recipients.toArray(String[]::new));
                message.setSubject(mail.subject());
                message.setText(mail.body());
                sender.send(message);
            }, executor);
        } catch (RejectedExecutionException full) {
            return CompletableFuture.failedFuture(new IllegalStateException("the mail queue is full (mails wait there "
                    + "for a slow or dead mail server) or the service is stopping"));
        }
    }
}
