package dev.neo4jbackup.config;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.context.properties.bind.Name;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;

/**
 * Every {@code backup.*} name the service reads, taken from the properties records themselves (so a new
 * component is known at once) plus the few keys read straight from the environment. A name that binds to
 * nothing ({@code BACKUP_RETENTON_DAYS=3}) would otherwise be ignored without a word, and the operator
 * would believe the setting in force: {@link #problem} says so, with the nearest real name.
 */
final class KnownProperties {

    /** Keys read with @Value or from the Environment rather than through a record, with their reader. */
    private static final List<String> READ_ELSEWHERE = List.of(
            "backup.alert.base-url", // alert/AlertConfiguration
            "backup.alert.check-interval", // alert/AlertConfiguration
            "backup.scheduler.enabled", // schedule/ScheduleConfiguration
            "backup.sandbox.enabled", // sandbox/SandboxDefaults, SandboxNeo4j
            "backup.sandbox.home", // sandbox/SandboxDefaults
            "backup.sandbox.dir", // sandbox/SandboxDefaults
            "backup.sandbox.bolt-port", // sandbox/SandboxDefaults, SandboxNeo4j
            "backup.sandbox.start"); // sandbox/SandboxNeo4j: the CLI neither starts nor stops the sandbox

    private static final KnownProperties INSTANCE = new KnownProperties();

    /** A node of the name tree: children by their uniform name (lower case, no dashes). */
    private static final class Node {
        final String name;
        final Map<String, Node> children = new LinkedHashMap<>();
        boolean leaf;
        /** any key (a map) or any index (a list of records) is the child */
        Node any;

        Node(String name) {
            this.name = name;
        }

        Node child(String element) {
            return children.computeIfAbsent(uniform(element), k -> new Node(join(name, element)));
        }
    }

    private final Node root = new Node("backup");
    private final List<String> leaves = new ArrayList<>();

    private KnownProperties() {
        addRecord(root, BackupProperties.class);
        addRecord(root.child("api"), ApiProperties.class);
        addRecord(root.child("health"), HealthProperties.class);
        addRecord(root.child("logical").child("auto"), AutoBackupProperties.class);
        addRecord(root.child("metadata-node"), MetadataNodeProperties.class);
        addRecord(root, OffsiteProperties.class);
        addRecord(root.child("signing"), SigningProperties.class);
        for (String key : READ_ELSEWHERE) {
            Node node = root;
            for (String element : key.substring("backup.".length()).split("\\.")) {
                node = node.child(element);
            }
            node.leaf = true;
            leaves.add(key);
        }
    }

    static KnownProperties get() {
        return INSTANCE;
    }

    private void addRecord(Node node, Class<?> type) {
        for (RecordComponent component : type.getRecordComponents()) {
            add(node.child(propertyName(type, component)), component.getGenericType());
        }
    }

    /** The component's name as a property: its {@code @Name} where a Java name was taken (notify). */
    private static String propertyName(Class<?> type, RecordComponent component) {
        try {
            Name name = type.getDeclaredField(component.getName()).getAnnotation(Name.class);
            if (name != null) {
                return name.value();
            }
        } catch (NoSuchFieldException e) {
            // every component has its field
        }
        return kebab(component.getName());
    }

    private void add(Node node, Type type) {
        Class<?> raw = raw(type);
        if (raw.isRecord()) {
            addRecord(node, raw);
        } else if (Map.class.isAssignableFrom(raw)) {
            node.any = new Node(node.name + ".<name>");
            add(node.any, argument(type, 1));
        } else if (Collection.class.isAssignableFrom(raw) && raw(argument(type, 0)).isRecord()) {
            node.any = new Node(node.name + "[0]");
            add(node.any, argument(type, 0));
        } else {
            // a scalar, or a list of scalars: a comma list (backup.databases=neo4j,system) or indexed ([0])
            node.leaf = true;
            if (Collection.class.isAssignableFrom(raw)) {
                node.any = new Node(node.name + "[0]");
                node.any.leaf = true;
            }
            leaves.add(node.name);
        }
    }

    /**
     * Empty when {@code name} (under {@code backup}) binds to something; otherwise what to do about it:
     * the nearest known name, or where the names are listed.
     */
    Optional<String> problem(ConfigurationPropertyName name) {
        Node node = root;
        for (int i = 1; i < name.getNumberOfElements(); i++) {
            String element = name.getElement(i, Form.UNIFORM);
            Node next = node.children.get(element);
            if (next == null && node.any != null && (!node.leaf || name.isNumericIndex(i))) {
                next = node.any;
            }
            if (next == null) {
                return Optional.of(suggestion(name));
            }
            node = next;
        }
        return node.leaf ? Optional.empty() : Optional.of(within(node));
    }

    /** A group given a value (BACKUP_STORAGE=/x): the names inside it. */
    private String within(Node group) {
        List<String> inside = leaves.stream().filter(l -> l.startsWith(group.name + ".")).limit(6).toList();
        if (inside.size() == 1) {
            return "did you mean " + inside.get(0) + " (" + ConfigInvalidException.envName(inside.get(0)) + ")?";
        }
        return inside.isEmpty() ? suggestion(ConfigurationPropertyName.of(group.name))
                : group.name + " is a group: use one of " + String.join(", ", inside);
    }

    private String suggestion(ConfigurationPropertyName name) {
        String given = uniform(name.toString());
        Map<String, String> byUniform = new LinkedHashMap<>();
        leaves.forEach(known -> byUniform.put(uniform(known), known));
        return Nearest.to(given, byUniform.keySet(), Math.max(3, given.length() / 4)).map(byUniform::get)
                .map(known -> "did you mean " + known + " (" + ConfigInvalidException.envName(known) + ")?")
                .orElse("remove it, or use one of the properties in docs/configuration.md");
    }

    /** As Spring compares names: case and dashes do not count ({@code stop-mode} is {@code STOPMODE}). */
    private static String uniform(String name) {
        return name.toLowerCase(Locale.ROOT).replace("-", "");
    }

    private static String join(String parent, String element) {
        return parent + "." + element;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    private static Type argument(Type type, int index) {
        return type instanceof ParameterizedType p ? p.getActualTypeArguments()[index] : Object.class;
    }
}
