package io.runnel.broker.metrics;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The JVM's metrics (memory pools, GC, threads, classes, process CPU and file descriptors) in one registry per
 * process. The Prometheus client remembers every registry it registered the JVM collectors with, forever; one
 * shared registry keeps that from pinning the registries, and so the state, of brokers that have stopped.
 */
final class JvmRegistry {
    private JvmRegistry() {
    }

    static PrometheusRegistry get() {
        return Holder.REGISTRY;
    }

    private static final class Holder {
        static final PrometheusRegistry REGISTRY = create();

        private static PrometheusRegistry create() {
            PrometheusRegistry registry = new PrometheusRegistry();
            JvmMetrics.builder().register(registry);
            return registry;
        }
    }
}
