package io.runnel.junit;

import io.runnel.broker.EmbeddedBroker;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one test class, and the {@code @Nested} classes inside it, talk to: either an embedded broker that
 * {@link RunnelBrokerExtension} started for it, or an external cluster it only names.
 *
 * <p>Kept in the JUnit store of the class that created it. Only that class closes it, in its {@code afterAll};
 * the store closes it again when the class's context ends (covering registrations that get no {@code afterAll}),
 * so {@link #close()} stops the broker once and is a no-op afterwards. Thread-safe.
 */
final class ClassBroker implements AutoCloseable {
    private final String ownerId;
    private final String bootstrapServers;
    private final EmbeddedBroker embedded;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ClassBroker(String ownerId, String bootstrapServers, EmbeddedBroker embedded) {
        this.ownerId = ownerId;
        this.bootstrapServers = bootstrapServers;
        this.embedded = embedded;
    }

    /** A broker the extension started and must stop; {@code ownerId} is the unique id of the class's context. */
    static ClassBroker embedded(String ownerId, EmbeddedBroker broker) {
        return new ClassBroker(ownerId, broker.bootstrapServers(), broker);
    }

    /** An external cluster: nothing to start or stop. */
    static ClassBroker external(String ownerId, String bootstrapServers) {
        return new ClassBroker(ownerId, bootstrapServers, null);
    }

    /** The address tests receive through {@link RunnelBootstrap}. */
    String bootstrapServers() {
        return bootstrapServers;
    }

    /** The embedded broker; empty for an external cluster. */
    Optional<EmbeddedBroker> embedded() {
        return Optional.ofNullable(embedded);
    }

    /** Whether the class context with this unique id created it (and so ends it). */
    boolean ownedBy(String contextUniqueId) {
        return ownerId.equals(contextUniqueId);
    }

    /** Stops the embedded broker and deletes its temporary data directory; at most once. */
    @Override
    public void close() {
        if (embedded != null && closed.compareAndSet(false, true)) {
            embedded.close();
        }
    }
}
