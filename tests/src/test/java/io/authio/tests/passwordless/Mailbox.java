package io.authio.tests.passwordless;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

/** A real SMTP server on the demo realm's SMTP port (3025); tests read the emails Keycloak sent. */
public final class Mailbox implements AutoCloseable {

    public static final Pattern LINK = Pattern.compile("(http://\\S+/authio-magic-link/confirm\\?t=([A-Za-z0-9_-]{43}))");
    static final Pattern CODE = Pattern.compile("code there: (\\d{6})");

    private final GreenMail mail;

    public Mailbox() {
        mail = new GreenMail(new ServerSetup(3025, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
    }

    /** One magic-link email as the user reads it. */
    public record MagicLinkEmail(String to, String subject, String text, String html, String link, String token, String code) {
    }

    /** Waits for the {@code n}-th email (1-based) to the address. */
    public MagicLinkEmail await(String to, int n) {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            MimeMessage[] received = mail.getReceivedMessagesForDomain(to);
            if (received.length >= n) {
                return parse(to, received[n - 1]);
            }
            sleep(100);
        }
        throw new AssertionError("no email #" + n + " to " + to + " within 15 s");
    }

    /** How many emails arrived for the address so far. */
    public int count(String to) {
        return mail.getReceivedMessagesForDomain(to).length;
    }

    private static MagicLinkEmail parse(String to, MimeMessage message) {
        try {
            StringBuilder text = new StringBuilder();
            StringBuilder html = new StringBuilder();
            collect(message, text, html);
            Matcher link = LINK.matcher(text);
            Matcher code = CODE.matcher(text);
            return new MagicLinkEmail(to, message.getSubject(), text.toString(), html.toString(),
                    link.find() ? link.group(1) : null, link.find(0) ? link.group(2) : null,
                    code.find() ? code.group(1) : null);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void collect(Part part, StringBuilder text, StringBuilder html) throws MessagingException, IOException {
        Object content = part.getContent();
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart p = multipart.getBodyPart(i);
                collect(p, text, html);
            }
        } else if (part.isMimeType("text/plain")) {
            text.append(content);
        } else if (part.isMimeType("text/html")) {
            html.append(content);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        mail.stop();
    }
}
