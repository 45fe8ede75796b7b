package io.runnel.broker.config;

import java.util.Locale;

/**
 * A listener in Kafka's notation, {@code PLAINTEXT://host:port}. Runnel serves one plain-text listener; an empty
 * host (or {@code 0.0.0.0}) binds every interface, and port 0 asks the operating system for a free port.
 *
 * @param host host name or address as written (IPv6 without brackets); empty for every interface
 * @param port 0..65535
 */
public record Listener(String host, int port) {
    /** The only security protocol Runnel speaks so far. */
    public static final String PLAINTEXT = "PLAINTEXT";

    public Listener {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535");
        }
    }

    /**
     * Parses {@code PLAINTEXT://host:port}.
     *
     * @throws IllegalArgumentException with the reason when the text is not one plain-text listener
     */
    public static Listener parse(String text) {
        if (text.indexOf(',') >= 0) {
            throw new IllegalArgumentException("only one listener is supported");
        }
        int schemeEnd = text.indexOf("://");
        if (schemeEnd < 0) {
            throw new IllegalArgumentException("must look like PLAINTEXT://host:port");
        }
        String protocol = text.substring(0, schemeEnd).toUpperCase(Locale.ROOT);
        if (!protocol.equals(PLAINTEXT)) {
            throw new IllegalArgumentException("only the PLAINTEXT protocol is supported");
        }
        String hostPort = text.substring(schemeEnd + 3);
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("must look like PLAINTEXT://host:port");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("an IPv6 address must be written in brackets");
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port must be a number", e);
        }
        return new Listener(host, port);
    }

    /** True when the listener binds every interface rather than one address. */
    public boolean isWildcard() {
        return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::");
    }

    /** The same listener on another port. */
    public Listener withPort(int newPort) {
        return new Listener(host, newPort);
    }

    /** {@code host:port}, with IPv6 hosts in brackets, as clients write a bootstrap server. */
    public String hostPort() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return PLAINTEXT + "://" + hostPort();
    }
}
