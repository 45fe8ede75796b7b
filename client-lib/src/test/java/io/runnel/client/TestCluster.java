package io.runnel.client;

import io.runnel.broker.EmbeddedBroker;

/**
 * Where integration tests find a broker: the cluster named by the {@code runnel.test.bootstrap} system property
 * (an Apache Kafka started by hand, for side-by-side runs), else one {@link EmbeddedBroker} for the whole JVM, closed
 * by a shutdown hook. A stand-in until the runnel-junit extension is available to this module.
 */
public final class TestCluster {
    private static String bootstrap;

    private TestCluster() {
    }

    /** {@code host:port} of the cluster under test. */
    public static synchronized String bootstrap() {
        if (bootstrap == null) {
            String external = System.getProperty("runnel.test.bootstrap");
            if (external != null && !external.isBlank()) {
                bootstrap = external;
            } else {
                EmbeddedBroker broker = EmbeddedBroker.start();
                Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "embedded-broker-stop"));
                bootstrap = broker.bootstrapServers();
            }
        }
        return bootstrap;
    }

    /** A name no other test (or earlier run against the same external cluster) used: {@code prefix-<random>}. */
    public static String unique(String prefix) {
        return prefix + "-" + Long.toHexString(System.nanoTime()) + Integer.toHexString(
                java.util.concurrent.ThreadLocalRandom.current().nextInt(0x10000));
    }
}
