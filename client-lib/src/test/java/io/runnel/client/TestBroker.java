package io.runnel.client;

import io.runnel.broker.EmbeddedBroker;

/**
 * The broker an integration test talks to: the external cluster named by {@code -Drunnel.test.bootstrap} (Apache
 * Kafka, for the side-by-side run) or else an EmbeddedBroker started for the test class. Stand-in until
 * runnel-junit's RunnelBrokerExtension is on this branch.
 */
final class TestBroker implements AutoCloseable {
    private final EmbeddedBroker embedded;
    private final String bootstrap;

    private TestBroker(EmbeddedBroker embedded, String bootstrap) {
        this.embedded = embedded;
        this.bootstrap = bootstrap;
    }

    static TestBroker start() {
        String external = System.getProperty("runnel.test.bootstrap");
        if (external != null && !external.isBlank()) {
            return new TestBroker(null, external);
        }
        EmbeddedBroker broker = EmbeddedBroker.start();
        return new TestBroker(broker, broker.bootstrapServers());
    }

    String bootstrap() {
        return bootstrap;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
