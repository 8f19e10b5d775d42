package dev.neo4jbackup.notify;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;

import dev.neo4jbackup.config.BackupProperties.WebhookFormat;
import dev.neo4jbackup.config.ConfigInvalidException;

/**
 * The Mustache templates of the webhooks: the shipped one per format
 * ({@code classpath:templates/notify/<format>.mustache}) or an operator's own file. Values are escaped for
 * JSON in the json and slack formats (the templates put them in quotes) and not at all for ntfy's plain
 * text. Compiled at start-up, so a broken template fails the start (CONFIG_INVALID), not the first alert.
 */
final class WebhookTemplates {

    private WebhookTemplates() {
    }

    static Template compile(String name, WebhookFormat format, Path own) {
        Mustache.Compiler compiler = Mustache.compiler().defaultValue("").emptyStringIsFalse(true)
                .withEscaper(format == WebhookFormat.NTFY ? raw -> raw : WebhookTemplates::json);
        String property = "backup.notify.webhooks." + name + ".template";
        try (Reader source = own != null ? Files.newBufferedReader(own, StandardCharsets.UTF_8) : shipped(format)) {
            return compiler.compile(source);
        } catch (IOException e) {
            throw new ConfigInvalidException(property, own, "cannot be read: " + e.getMessage(),
                    "point it at a readable Mustache file");
        } catch (MustacheException e) {
            throw new ConfigInvalidException(property, own == null ? "shipped " + format : own,
                    "not a valid Mustache template: " + e.getMessage(), "fix the template");
        }
    }

    static String render(Template template, Map<String, Object> model) {
        return template.execute(model);
    }

    private static Reader shipped(WebhookFormat format) throws IOException {
        String resource = "templates/notify/" + format.name().toLowerCase(Locale.ROOT) + ".mustache";
        InputStream in = WebhookTemplates.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("the shipped template " + resource + " is missing from the jar");
        }
        try (in) {
            return new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** The inside of a JSON string: quotes, backslashes and control characters escaped. */
    static String json(String raw) {
        StringBuilder out = new StringBuilder(raw.length() + 16);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
