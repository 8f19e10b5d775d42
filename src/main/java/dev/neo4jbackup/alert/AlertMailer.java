package dev.neo4jbackup.alert;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * Hands mails to the SMTP server on its own single thread: a slow or dead mail server holds up only
 * this thread, never a backup run (which raised the alert and moved on).
 */
class AlertMailer implements AutoCloseable {

    private final JavaMailSender sender;
    private final List<String> recipients;
    private final String from;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "alert-mailer");
        thread.setDaemon(true);
        return thread;
    });

    AlertMailer(JavaMailSender sender, List<String> recipients, String from) {
        this.sender = sender;
        this.recipients = List.copyOf(recipients);
        this.from = from;
    }

    List<String> recipients() {
        return recipients;
    }

    /** Completes when the server accepted the mail, exceptionally when it did not. */
    CompletableFuture<Void> send(AlertMail.Rendered mail) {
        return CompletableFuture.runAsync(() -> {
            SimpleMailMessage message = new SimpleMailMessage();
            message.setFrom(from);
            message.setTo(recipients.toArray(String[]::new));
            message.setSubject(mail.subject());
            message.setText(mail.body());
            sender.send(message);
        }, executor);
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            // mails in flight get a moment at shutdown, a dead server does not hold it up
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }
}
