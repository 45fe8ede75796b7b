package io.runnel.broker.http;

import io.runnel.broker.api.BrokerContext;
import io.runnel.broker.log.LogManager;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.metrics.BrokerMetrics;
import io.runnel.broker.metrics.GroupReader;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.broker.topic.TopicPartition;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * What the API's routes share: the broker's domain objects, its metrics, where it listens, and the clock.
 *
 * @param broker      the broker's shared state (config, logs, topic admin, group coordinator, identity)
 * @param metrics     the broker's metrics
 * @param readiness   whether the broker is ready
 * @param workers     the threads routes do their work on
 * @param groups      reads and resets consumer groups through the coordinator
 * @param clockMs     wall-clock milliseconds
 * @param startedAtMs when the broker started, on {@code clockMs}
 */
record HttpEndpointContext(BrokerContext broker, BrokerMetrics metrics, Readiness readiness, HttpWorkers workers,
                           GroupReader groups, LongSupplier clockMs, long startedAtMs) {

    LogManager logs() {
        return broker.logs();
    }

    /** The topic named {@code name}, or a 404. */
    TopicInfo topic(String name) {
        TopicInfo topic = logs().registry().get(name);
        if (topic == null) {
            throw new NotFoundException("no topic " + name);
        }
        return topic;
    }

    /**
     * The logs a request's {@code partition} parameter names: one partition, or every partition of the topic for
     * {@code all} (or no parameter).
     */
    List<PartitionLog> partitions(TopicInfo topic, String partition) {
        List<PartitionLog> out = new ArrayList<>();
        if (partition == null || partition.isEmpty() || partition.equals("all")) {
            for (int p = 0; p < topic.partitionCount(); p++) {
                PartitionLog log = logs().log(topic.partition(p));
                if (log != null) {
                    out.add(log);
                }
            }
            return out;
        }
        int p;
        try {
            p = Integer.parseInt(partition);
        } catch (NumberFormatException e) {
            throw new BadRequestException("partition=" + partition + " is neither a partition number nor all");
        }
        PartitionLog log = p < 0 ? null : logs().log(new TopicPartition(topic.name(), p));
        if (log == null) {
            throw new NotFoundException("topic " + topic.name() + " has no partition " + partition);
        }
        out.add(log);
        return out;
    }
}
