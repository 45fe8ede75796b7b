package io.runnel.broker;

import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.config.Listener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A broker inside the current JVM, for tests: a free port on 127.0.0.1 and a fresh temporary data directory unless
 * told otherwise; {@link #close()} stops every thread and deletes the directory it created.
 *
 * <pre>{@code
 * try (EmbeddedBroker broker = EmbeddedBroker.start()) {
 *     props.put("bootstrap.servers", broker.bootstrapServers());
 *     ...
 * }
 * try (EmbeddedBroker broker = EmbeddedBroker.builder().config("num.partitions", "3").start()) { ... }
 * }</pre>
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final String DEFAULT_LISTENER = "PLAINTEXT://127.0.0.1:0";
    /** A free port, so that brokers in one JVM, and other processes on 9644, do not collide. */
    private static final String DEFAULT_HTTP_LISTENER = "127.0.0.1:0";

    private final Broker broker;
    private final Path createdDir;

    private EmbeddedBroker(Broker broker, Path createdDir) {
        this.broker = broker;
        this.createdDir = createdDir;
    }

    /** Starts a broker with every default (free port, temporary data directory). */
    public static EmbeddedBroker start() {
        return builder().start();
    }

    /** Starts a broker with configuration overrides (broker.properties keys). */
    public static EmbeddedBroker start(Map<String, String> config) {
        return builder().config(config).start();
    }

    /**
     * The HTTP endpoint's base URL ({@code http://127.0.0.1:<port>}; a free port unless {@code http.listener} was
     * set), or null when {@code http.listener=none}.
     */
    public String httpUrl() {
        java.net.InetSocketAddress address = broker.httpAddress();
        return address == null ? null : "http://" + address.getHostString() + ":" + address.getPort();
    }

    /** A builder for anything beyond the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code host:port} for a client's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return broker.advertisedListener().hostPort();
    }

    /** The port the broker listens on (its first listener's). */
    public int port() {
        return broker.listener().port();
    }

    /** The port of the listener named {@code listenerName} (upper case, e.g. {@code SASL_SSL}). */
    public int port(String listenerName) {
        return broker.listener(listenerName).port();
    }

    /** {@code host:port} of the listener named {@code listenerName}, for a client's {@code bootstrap.servers}. */
    public String bootstrapServers(String listenerName) {
        for (Listener listener : broker.advertisedListeners()) {
            if (listener.name().equals(listenerName)) {
                return listener.hostPort();
            }
        }
        throw new IllegalArgumentException("no listener is named " + listenerName);
    }

    /** The data directory (the temporary one unless a directory was given). */
    public Path dataDir() {
        return broker.dataDir();
    }

    /** The running broker. */
    public Broker broker() {
        return broker;
    }

    /** Stops the broker and its threads and deletes the data directory if this object created it. */
    @Override
    public void close() {
        try {
            broker.close();
        } finally {
            if (createdDir != null) {
                deleteRecursively(createdDir);
            }
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                    if (failure != null) {
                        throw failure;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the embedded broker's data directory " + root, e);
        }
    }

    /** Configuration for an {@link EmbeddedBroker}. */
    public static final class Builder {
        private final Map<String, String> config = new LinkedHashMap<>();
        private Path dataDir;
        private int port;

        private Builder() {
        }

        /** Sets one broker.properties key. */
        public Builder config(String key, String value) {
            config.put(key, value);
            return this;
        }

        /** Sets several broker.properties keys. */
        public Builder config(Map<String, String> values) {
            config.putAll(values);
            return this;
        }

        /** Uses (and keeps) {@code dir} instead of a temporary directory; it is not deleted on close. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** The first listener listens on {@code port} instead of a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Starts the broker.
         *
         * @throws io.runnel.broker.config.ConfigException when a configuration value is unusable
         * @throws BrokerStartException                   when the port or directory cannot be taken
         */
        public EmbeddedBroker start() {
            Map<String, String> settings = new LinkedHashMap<>(config);
            String listeners = settings.getOrDefault(BrokerConfig.LISTENERS.name(), DEFAULT_LISTENER);
            settings.put(BrokerConfig.LISTENERS.name(), port == 0 ? listeners
                    : Listener.withFirstPort(BrokerConfig.LISTENERS.parse(listeners), port));
            settings.putIfAbsent(BrokerConfig.HTTP_LISTENER.name(), DEFAULT_HTTP_LISTENER);
            Path created = null;
            if (dataDir != null) {
                settings.put(BrokerConfig.LOG_DIRS.name(), dataDir.toString());
            } else if (!settings.containsKey(BrokerConfig.LOG_DIRS.name())) {
                try {
                    created = Files.createTempDirectory("runnel-embedded-");
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot create a temporary data directory", e);
                }
                settings.put(BrokerConfig.LOG_DIRS.name(), created.toString());
            }
            try {
                return new EmbeddedBroker(Broker.start(BrokerConfig.of(settings)), created);
            } catch (RuntimeException e) {
                if (created != null) {
                    try {
                        deleteRecursively(created);
                    } catch (UncheckedIOException cleanup) {
                        e.addSuppressed(cleanup);
                    }
                }
                throw e;
            }
        }
    }
}
