package dev.neo4jbackup.testing;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.neo4j.driver.Driver;

import dev.neo4jbackup.backup.BackupConfiguration;
import dev.neo4jbackup.backup.BackupRunner;
import dev.neo4jbackup.backup.Pruner;
import dev.neo4jbackup.backup.RunHooks;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.config.StopMode;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.neo4j.BoltProbe;
import dev.neo4jbackup.neo4j.ChildEnvironment;
import dev.neo4jbackup.neo4j.GraphStatsReader;
import dev.neo4jbackup.neo4j.Neo4jAdmin;
import dev.neo4jbackup.neo4j.Neo4jConfiguration;
import dev.neo4jbackup.neo4j.Neo4jInstallation;
import dev.neo4jbackup.neo4j.ProcessRunner;
import dev.neo4jbackup.neo4j.Quiescer;

/**
 * Builds a {@link BackupRunner} over a real server the way the service wires it, without a Spring
 * context, so that each test sets just what it is about (stop mode, timeouts, storage, databases).
 */
public final class RunnerFixture {

    public final List<Object> events = new ArrayList<>();
    private final Neo4jServer server;
    private final Path storage;
    private StopMode stopMode = StopMode.COMMAND;
    private Compression compression = Compression.GZIP;
    private List<String> databases = List.of("neo4j");
    private Duration dumpTimeout = Duration.ofMinutes(5);
    private Duration startTimeout = Duration.ofMinutes(2);
    private double minFreeRatio = 0.0;
    private Neo4jInstallation installation;
    private Driver driver;
    private String startCommand;
    private boolean retain;
    private Quiescer quiescer;
    private RunHooks hooks = RunHooks.NONE;
    private final Map<String, String> extra = new LinkedHashMap<>();
    private Consumer<Object> listener = event -> { };

    public RunnerFixture(Neo4jServer server, Path storage) {
        this.server = server;
        this.storage = storage;
        this.installation = server.installation();
        this.driver = server.driver();
    }

    public RunnerFixture stopMode(StopMode mode) {
        this.stopMode = mode;
        return this;
    }

    public RunnerFixture compression(Compression value) {
        this.compression = value;
        return this;
    }

    public RunnerFixture databases(String... names) {
        this.databases = List.of(names);
        return this;
    }

    public RunnerFixture dumpTimeout(Duration value) {
        this.dumpTimeout = value;
        return this;
    }

    public RunnerFixture startTimeout(Duration value) {
        this.startTimeout = value;
        return this;
    }

    public RunnerFixture startCommand(String command) {
        this.startCommand = command;
        return this;
    }

    public RunnerFixture minFreeRatio(double value) {
        this.minFreeRatio = value;
        return this;
    }

    public RunnerFixture installation(Neo4jInstallation value) {
        this.installation = value;
        return this;
    }

    public RunnerFixture driver(Driver value) {
        this.driver = value;
        return this;
    }

    /** A stop mode of the test's own making (docker against a stand-in engine, database). */
    public RunnerFixture quiescer(Quiescer value) {
        this.quiescer = value;
        return this;
    }

    /** Also hands each event of the run to {@code value}, on the run's thread, as Spring's multicaster does. */
    public RunnerFixture onEvent(Consumer<Object> value) {
        this.listener = value;
        return this;
    }

    /** Prune after each successful run, as the service does (off by default: most tests count backups). */
    public RunnerFixture retain() {
        this.retain = true;
        return this;
    }

    /** The hooks the run calls before the stop, as the service hands it its HookRunner. */
    public RunnerFixture hooks(RunHooks value) {
        this.hooks = value;
        return this;
    }

    /** Any other {@code backup.*} property, e.g. {@code set("retry.pause-after", "2")}. */
    public RunnerFixture set(String property, String value) {
        this.extra.put(property, value);
        return this;
    }

    public BackupProperties properties() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("storage.path", storage.toString());
        values.put("compression", compression.name());
        values.put("databases", String.join(",", databases));
        values.put("neo4j.home", installation.home().toString());
        if (installation.confDir() != null) {
            values.put("neo4j.conf-dir", installation.confDir().toString());
        }
        if (installation.dataPath() != null) {
            values.put("neo4j.data-path", installation.dataPath().toString());
        }
        values.put("neo4j.stop-mode", stopMode.name());
        if (startCommand != null) {
            values.put("neo4j.start-command", startCommand);
        }
        values.put("neo4j.start-timeout", startTimeout.toMillis() + "ms");
        values.put("neo4j.dump-timeout", dumpTimeout.toMillis() + "ms");
        values.put("disk.min-free-ratio", Double.toString(minFreeRatio));
        values.putAll(extra);
        return TestProperties.bind(values);
    }

    public BackupCatalog catalog() {
        return TestSigning.catalog(storage, Clock.systemUTC());
    }

    public StateStore state() {
        return new StateStore(catalog().root());
    }

    public BackupRunner build() {
        BackupProperties properties = properties();
        ProcessRunner processes = new ProcessRunner(ChildEnvironment.byName());
        Quiescer quiescer = this.quiescer != null ? this.quiescer
                : Neo4jConfiguration.quiescerFor(properties, installation, processes, driver);
        BackupCatalog catalog = catalog();
        Neo4jAdmin admin = new Neo4jAdmin(installation, processes);
        Pruner pruner = retain ? new Pruner(properties, catalog, events::add, Clock.systemUTC(),
                t -> t.plus(Duration.ofDays(1))) : null;
        return new BackupRunner(properties, catalog, new StorageLock(catalog.root()), new StateStore(catalog.root()),
                admin, new GraphStatsReader(driver), new BoltProbe(driver), quiescer, processes, event -> {
                    events.add(event);
                    listener.accept(event);
                }, Clock.systemUTC(), "test", BackupConfiguration.kinds(properties, admin, new GraphStatsReader(driver),
                        driver, Clock.systemUTC()), BackupConfiguration.resumeThread(), pruner, hooks);
    }

    public Neo4jServer server() {
        return server;
    }
}
