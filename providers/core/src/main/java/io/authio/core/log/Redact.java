package io.authio.core.log;

import java.util.regex.Pattern;

/**
 * Makes exception text safe for the server log: mail and SMTP errors quote recipient addresses ("550 5.1.1
 * &lt;someone@example.com&gt;: Recipient address rejected"), which are personal data the log must not keep.
 */
public final class Redact {

    static final String ADDRESS = "[address]";
    private static final Pattern EMAIL = Pattern.compile("[^\\s<>\"'@,;:()\\[\\]]+@[^\\s<>\"'@,;:()\\[\\]]+");
    private static final int MAX_CAUSES = 5;

    private Redact() {
    }

    /** The text with every email address replaced by {@value #ADDRESS}; null stays null. */
    public static String addresses(String text) {
        return text == null ? null : EMAIL.matcher(text).replaceAll(ADDRESS);
    }

    /** The exception and its causes as "Type: message" lines joined by " / ", with addresses redacted. */
    public static String exception(Throwable t) {
        StringBuilder b = new StringBuilder();
        Throwable c = t;
        for (int i = 0; c != null && i < MAX_CAUSES; i++, c = c.getCause() == c ? null : c.getCause()) {
            if (i > 0) {
                b.append(" / ");
            }
            b.append(c.getClass().getSimpleName());
            if (c.getMessage() != null) {
                b.append(": ").append(addresses(c.getMessage()));
            }
        }
        return b.toString();
    }
}
