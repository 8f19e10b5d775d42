package dev.neo4jbackup.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.extension.ExtensionContext;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

/**
 * The mail tests' fixture: a real SMTP server (GreenMail) of each test's own, the {@link AlertHarness} of the
 * test wired to it (or to another port), closed after the test, and the mails that arrived, one per mail.
 * Register it with {@code @RegisterExtension static AlertInbox inbox = new AlertInbox();}.
 */
final class AlertInbox extends GreenMailExtension {

    private AlertHarness harness;

    AlertInbox() {
        super(ServerSetupTest.SMTP.dynamicPort());
    }

    /** The alert classes mailing to this server. */
    AlertHarness harness(Path storage) {
        return harness(getSmtp().getPort(), storage);
    }

    /** @param smtpPort another mail server's port (down, silent), or null for no mail server */
    AlertHarness harness(Integer smtpPort, Path storage) {
        harness = new AlertHarness(smtpPort, storage, 0.0);
        return harness;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (harness != null) {
                harness.close();
                harness = null;
            }
        } finally {
            super.afterEach(context);
        }
    }

    /** Exactly {@code expected} mails, once every mail handed to the mailer has been tried. */
    List<MimeMessage> mails(int expected) throws Exception {
        return settled(expected, message -> true);
    }

    /** The same, of the mails addressed to {@code recipient}. */
    List<MimeMessage> mailsTo(String recipient, int expected) throws Exception {
        return settled(expected, message -> addressedTo(message, recipient));
    }

    private List<MimeMessage> settled(int expected, Predicate<MimeMessage> mine) throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> unique(mine).size() >= expected);
        // and no more than expected: every alert mailed has been tried (delivered or failed), so nothing is on its way
        AlertHarness a = harness;
        await().atMost(Duration.ofSeconds(10)).until(() -> a.mails("delivered") + a.mails("failed") >= a.alerts("true"));
        List<MimeMessage> mails = unique(mine);
        assertThat(mails).hasSize(expected);
        return mails;
    }

    /** One per mail: GreenMail keeps a copy per recipient, all with the mail's Message-ID. */
    private List<MimeMessage> unique(Predicate<MimeMessage> mine) throws MessagingException {
        List<MimeMessage> unique = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (MimeMessage message : getReceivedMessages()) {
            if (mine.test(message) && seen.add(message.getMessageID())) {
                unique.add(message);
            }
        }
        return unique;
    }

    private static boolean addressedTo(MimeMessage message, String recipient) {
        try {
            return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                    .anyMatch(a -> a.toString().equals(recipient));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String body(MimeMessage mail) throws Exception {
        return mail.getContent().toString().replace("\r\n", "\n");
    }
}
