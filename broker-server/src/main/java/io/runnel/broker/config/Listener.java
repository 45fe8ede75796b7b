package io.runnel.broker.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A listener in Kafka's notation, {@code NAME://host:port}: its name (a security protocol's name, or any name that
 * {@code listener.security.protocol.map} maps to one), and where it binds. An empty host (or {@code 0.0.0.0})
 * binds every interface, and port 0 asks the operating system for a free port.
 *
 * @param name listener name, upper case ({@code PLAINTEXT}, {@code SASL_SSL}, {@code CLIENT}, ...)
 * @param host host name or address as written (IPv6 without brackets); empty for every interface
 * @param port 0..65535
 */
public record Listener(String name, String host, int port) {
    /** The name of the listener a zero-configuration broker has. */
    public static final String PLAINTEXT = "PLAINTEXT";
    private static final Pattern NAME = Pattern.compile("[A-Z0-9_]+");

    public Listener {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("listener name " + name + " must be letters, digits and _");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535");
        }
    }

    /** A listener named PLAINTEXT. */
    public Listener(String host, int port) {
        this(PLAINTEXT, host, port);
    }

    /**
     * Parses one {@code NAME://host:port}; the name is taken in upper case, as Kafka does.
     *
     * @throws IllegalArgumentException with the reason when the text is not one listener
     */
    public static Listener parse(String text) {
        int schemeEnd = text.indexOf("://");
        if (schemeEnd <= 0) {
            throw new IllegalArgumentException("must look like PLAINTEXT://host:port");
        }
        String name = text.substring(0, schemeEnd).trim().toUpperCase(Locale.ROOT);
        String hostPort = text.substring(schemeEnd + 3).trim();
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("must look like " + name + "://host:port");
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
        return new Listener(name, host, port);
    }

    /**
     * Parses a comma-separated list of listeners with distinct names and, apart from port 0, distinct ports.
     *
     * @throws IllegalArgumentException naming the listener that is not valid or repeated
     */
    public static List<Listener> parseList(String text) {
        List<Listener> listeners = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<Integer> ports = new HashSet<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            Listener listener = parse(part.trim());
            if (!names.add(listener.name())) {
                throw new IllegalArgumentException("listener name " + listener.name() + " is used twice");
            }
            if (listener.port() != 0 && !ports.add(listener.port())) {
                throw new IllegalArgumentException("port " + listener.port() + " is used by two listeners");
            }
            listeners.add(listener);
        }
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("at least one listener is needed, as PLAINTEXT://host:port");
        }
        return List.copyOf(listeners);
    }

    /** {@code listeners} with the first one moved to {@code port}, as the text of a {@code listeners} value. */
    public static String withFirstPort(List<Listener> listeners, int port) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < listeners.size(); i++) {
            text.append(i == 0 ? "" : ",").append(i == 0 ? listeners.get(0).withPort(port) : listeners.get(i));
        }
        return text.toString();
    }

    /** True when the listener binds every interface rather than one address. */
    public boolean isWildcard() {
        return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::");
    }

    /** The same listener on another port. */
    public Listener withPort(int newPort) {
        return new Listener(name, host, newPort);
    }

    /** The same name and port on another host. */
    public Listener withHost(String newHost) {
        return new Listener(name, newHost, port);
    }

    /** {@code host:port}, with IPv6 hosts in brackets, as clients write a bootstrap server. */
    public String hostPort() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return name + "://" + hostPort();
    }
}
