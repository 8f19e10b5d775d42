package dev.neo4jbackup.neo4j;

import static dev.neo4jbackup.format.Durations.secondsSince;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/**
 * Stop mode `docker`: in docker-compose, `neo4j stop` inside the Neo4j container would end the container,
 * so this service (a sidecar sharing the data volume) stops and starts the Neo4j container through the
 * Docker Engine API on the mounted socket. It starts again only the containers that were running when it
 * stopped them. Waiting until Bolt answers is the backup run's job ({@link BoltProbe}), as in every mode.
 */
public final class DockerStop implements Quiescer, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DockerStop.class);
    /** Docker's own stop returns after its grace period plus the kill; this covers the kill and the answer. */
    private static final Duration STOP_ANSWER_MARGIN = Duration.ofSeconds(10);
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(30);

    private final DockerTarget target;
    private final String host;
    private final Duration stopTimeout;
    private final DockerClient docker;

    /** Containers this process stopped and has not started yet; null before any stop (start-up recovery). */
    private List<Stopped> stopped;

    public DockerStop(DockerTarget target, String host, Duration stopTimeout) {
        this.target = target;
        this.host = host;
        this.stopTimeout = stopTimeout;
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host).build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(URI.create(host))
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(10))
                // the longest call is a stop: Docker's grace period (our stop timeout), then its kill; a start
                // returns once the process runs (Bolt is awaited by the run, with the start timeout)
                .responseTimeout(stopTimeout.plus(STOP_ANSWER_MARGIN))
                .maxConnections(4)
                .build();
        this.docker = DockerClientImpl.getInstance(config, http);
    }

    @Override
    public String mode() {
        return "docker";
    }


    @Override
    public synchronized void stop() {
        stopped = new ArrayList<>();
        Map<String, String> running = new LinkedHashMap<>();
        for (Found container : find(ErrorCode.NEO4J_STOP_FAILED)) {
            if (container.running()) {
                running.put(container.id(), container.name());
            } else {
                log.info("NEO4J_STOP: container {} is {}, not running: left as it is", container.name(),
                        container.state());
            }
        }
        if (running.isEmpty()) {
            throw new BackupFailure(ErrorCode.NEO4J_STOP_FAILED, "No running container " + target
                    + ": nothing to stop, and a Neo4j that does not run cannot be the one that answered before",
                    null, "Start the Neo4j container (docker start), or check " + target.property(), null);
        }
        for (Map.Entry<String, String> container : running.entrySet()) {
            // recorded before the call: a stop that fails half-way still gets its start in resume()
            stopped.add(new Stopped(container.getKey(), container.getValue()));
            stopOne(container.getKey(), container.getValue());
        }
    }

    private void stopOne(String id, String name) {
        log.info("NEO4J_STOP: docker stop {} (container {}, grace {} s, via {})", name, shortId(id),
                stopTimeout.toSeconds(), host);
        long start = System.nanoTime();
        try {
            within(stopTimeout.plus(STOP_ANSWER_MARGIN), () -> docker.stopContainerCmd(id)
                    .withTimeout((int) Math.max(1, stopTimeout.toSeconds())).exec());
        } catch (NotModifiedException alreadyStopped) {
            log.info("NEO4J_STOP: container {} had already stopped", name);
        } catch (RuntimeException e) {
            throw failure(ErrorCode.NEO4J_STOP_FAILED, "Docker could not stop container " + name, e, start);
        }
        InspectContainerResponse.ContainerState state = inspect(id, name, ErrorCode.NEO4J_STOP_FAILED).getState();
        if (Boolean.TRUE.equals(state.getRunning())) {
            throw new BackupFailure(ErrorCode.NEO4J_STOP_FAILED, "Container " + name
                    + " still runs after docker stop", "Took: " + secondsSince(start) + " s", null, null);
        }
        Long exit = state.getExitCodeLong();
        if (exit != null && exit == 137) {
            // SIGKILL after the grace period: Neo4j had no time to checkpoint; the dump says whether the store is usable
            log.warn("NEO4J_STOP: Docker killed container {} after the {} s grace period (exit 137); raise "
                    + "backup.neo4j.stop-timeout", name, stopTimeout.toSeconds());
        }
        log.info("NEO4J_STOPPED: container {} stopped in {} s (exit code {})", name, secondsSince(start), exit);
    }

    @Override
    public synchronized void resume() {
        List<Stopped> toStart = stopped != null ? stopped : stoppedAfterCrash();
        BackupFailure first = null;
        for (Stopped container : toStart) {
            try {
                startOne(container);
            } catch (BackupFailure failure) {
                first = first != null ? first : failure;
            }
        }
        stopped = new ArrayList<>();
        if (first != null) {
            throw first;
        }
    }

    /**
     * Resume without a stop in this process: a previous process died with Neo4j stopped (its marker is in
     * the state file). It cannot say which containers it stopped, so every stopped match is started.
     */
    private List<Stopped> stoppedAfterCrash() {
        List<Stopped> result = new ArrayList<>();
        for (Found container : find(ErrorCode.NEO4J_RESTART_FAILED)) {
            if (!container.running()) {
                result.add(new Stopped(container.id(), container.name()));
            }
        }
        return result;
    }

    private void startOne(Stopped container) {
        log.info("NEO4J_START: docker start {} (container {})", container.name(), shortId(container.id()));
        long start = System.nanoTime();
        try {
            within(stopTimeout.plus(STOP_ANSWER_MARGIN), () -> docker.startContainerCmd(container.id()).exec());
        } catch (NotModifiedException alreadyRunning) {
            log.info("NEO4J_START: container {} was already running", container.name());
        } catch (RuntimeException e) {
            throw failure(ErrorCode.NEO4J_RESTART_FAILED, "Docker could not start container " + container.name(), e,
                    start).withAction("Start it by hand now (docker start " + container.name() + "), then read "
                            + "docker logs " + container.name());
        }
    }

    /** The containers the configuration names, running or not; none is a failure that says what was asked. */
    private List<Found> find(ErrorCode code) {
        long start = System.nanoTime();
        List<Found> found = new ArrayList<>();
        try {
            if (target.container() != null) {
                InspectContainerResponse one = within(LOOKUP_TIMEOUT,
                        () -> docker.inspectContainerCmd(target.container()).exec());
                found.add(new Found(one.getId(), one.getName().replaceFirst("^/", ""),
                        Boolean.TRUE.equals(one.getState().getRunning()), String.valueOf(one.getState().getStatus())));
            } else {
                for (Container c : within(LOOKUP_TIMEOUT, () -> docker.listContainersCmd().withShowAll(true)
                        .withLabelFilter(List.of(target.label())).exec())) {
                    found.add(new Found(c.getId(), name(c), "running".equalsIgnoreCase(c.getState()), c.getState()));
                }
            }
        } catch (NotFoundException e) {
            found.clear();
        } catch (RuntimeException e) {
            throw failure(code, "Cannot look up " + target, e, start);
        }
        if (found.isEmpty()) {
            throw new BackupFailure(code, "No container " + target + " on the Docker Engine at " + host, null,
                    "Check " + target.property() + " against `docker ps -a`", null);
        }
        return found;
    }

    private InspectContainerResponse inspect(String id, String name, ErrorCode code) {
        long start = System.nanoTime();
        try {
            return within(LOOKUP_TIMEOUT, () -> docker.inspectContainerCmd(id).exec());
        } catch (RuntimeException e) {
            throw failure(code, "Cannot inspect container " + name, e, start);
        }
    }

    /**
     * The transport's response timeout does not hold on a unix socket, so every call that can hang (an engine
     * that never answers) has its own deadline. A call past it goes on in the background and is left to end.
     */
    private static <T> T within(Duration timeout, Supplier<T> call) {
        CompletableFuture<T> future = CompletableFuture.supplyAsync(call, runnable -> {
            Thread thread = new Thread(runnable, "docker-api-call");
            thread.setDaemon(true);
            thread.start();
        });
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new DockerTimeout(timeout);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Docker Engine", e);
        }
    }

    private static final class DockerTimeout extends RuntimeException {
        DockerTimeout(Duration timeout) {
            super("no answer within " + timeout.toSeconds() + " s");
        }
    }

    private BackupFailure failure(ErrorCode code, String what, RuntimeException e, long start) {
        String numbers = "Took: " + secondsSince(start) + " s";
        if (e instanceof DockerException docker) {
            return new BackupFailure(code, what + ": the Docker Engine answered " + docker.getHttpStatus() + ": "
                    + engineMessage(docker), numbers, null, e);
        }
        String cause = rootMessage(e);
        if (e instanceof DockerTimeout) {
            return new BackupFailure(code, what + ": no answer from the Docker Engine at " + host + " ("
                    + e.getMessage() + "; Docker's grace period before it kills Neo4j is backup.neo4j.stop-timeout)",
                    numbers, null, e);
        }
        if (cause.toLowerCase().contains("timeout") || cause.toLowerCase().contains("timed out")) {
            return new BackupFailure(code, what + ": no answer from the Docker Engine at " + host + " in time ("
                    + cause + ")", numbers, null, e);
        }
        return new BackupFailure(code, what + ": cannot reach the Docker Engine at " + host + " (" + cause + ")",
                numbers, "Mount the Docker socket into this container (/var/run/docker.sock) and give the service's "
                        + "user access to it (compose: group_add with the socket's group id), or fix "
                        + "backup.neo4j.docker.host", e);
    }

    /** docker-java puts the engine's JSON ({"message":"..."}) after a status line; the message is what helps. */
    private static String engineMessage(DockerException e) {
        String message = String.valueOf(e.getMessage()).trim();
        int json = message.indexOf("{\"message\":\"");
        if (json >= 0) {
            int end = message.indexOf('"', json + 12);
            return end > 0 ? message.substring(json + 12, end) : message.substring(json);
        }
        return message.replaceFirst("^Status \\d+: ", "");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String name(Container container) {
        String[] names = container.getNames();
        return names != null && names.length > 0 ? names[0].replaceFirst("^/", "") : shortId(container.getId());
    }

    private static String shortId(String id) {
        return id == null ? "?" : id.substring(0, Math.min(12, id.length()));
    }

    @Override
    public void close() throws IOException {
        docker.close();
    }

    private record Stopped(String id, String name) {
    }

    private record Found(String id, String name, boolean running, String state) {
    }
}
