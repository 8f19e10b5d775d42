package dev.neo4jbackup.domain;

import java.io.IOException;
import java.net.InetAddress;

/**
 * The name of the host this service runs on, as the manifests, the stop marker, the storage lock and
 * the alert mails record it. Looked up once: a lookup can be slow on a badly configured resolver.
 */
public final class HostName {

    private static final String LOCAL = resolve();

    private HostName() {
    }

    public static String local() {
        return LOCAL;
    }

    private static String resolve() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
