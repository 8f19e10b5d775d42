package dev.neo4jbackup.notify;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What of a URL may be logged: the scheme, host and port. Webhook and ping services put their secret in
 * the path (Slack's {@code /services/T.../B.../XXXX}, healthchecks.io's uuid, an ntfy topic), the query
 * ({@code ?token=}) or the user info ({@code https://user:pass@host}), so all three are replaced by
 * {@code ***} in every line this package logs. A pure function over any text, URLs anywhere in it.
 */
final class Redaction {

    private static final Pattern URL = Pattern.compile("(?i)\\b(https?://)([^\\s/?#@]*@)?([^\\s/?#@]+)([^\\s]*)");

    private Redaction() {
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Matcher m = URL.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String rest = m.group(4);
            String trailing = trailingPunctuation(rest);
            rest = rest.substring(0, rest.length() - trailing.length());
            String replacement = m.group(1) + (m.group(2) == null ? "" : "***@") + m.group(3)
                    + (rest.isEmpty() || rest.equals("/") ? rest : "/***") + trailing;
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A URL at the end of a sentence or in brackets keeps its full stop, comma or bracket. */
    private static String trailingPunctuation(String rest) {
        int end = rest.length();
        while (end > 0 && ".,;:)]}'\"".indexOf(rest.charAt(end - 1)) >= 0) {
            end--;
        }
        return rest.substring(end);
    }
}
