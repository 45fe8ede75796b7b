package io.runnel.broker.metrics;

import com.sun.management.ThreadMXBean;
import io.runnel.protocol.ApiKey;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ProduceResponse;
import io.runnel.protocol.message.ProduceResponse.PartitionProduceResponse;
import io.runnel.protocol.message.ProduceResponse.TopicProduceResponse;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the hot paths call per request, per append and per fsync allocates nothing once the series exist: counted
 * with the JVM's per-thread allocation counter over many calls.
 */
class RecordingAllocationTest {
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void recordingRequestsTrafficAndFlushesAllocatesNothing() {
        BrokerMetrics metrics = new BrokerMetrics();
        TopicMetrics topics = metrics.topics();
        ProduceResponse response = new ProduceResponse();
        TopicProduceResponse topic = new TopicProduceResponse().name("t");
        response.responses().add(topic);
        topic.partitionResponses().add(new PartitionProduceResponse().index(0).errorCode(ErrorCode.NONE.code()));
        topic.partitionResponses().add(new PartitionProduceResponse().index(1)
                .errorCode(ErrorCode.NOT_LEADER_OR_FOLLOWER.code()));
        short produce = ApiKey.PRODUCE.id();
        record(metrics, topics, response, produce, 20_000);

        long before = THREADS.getCurrentThreadAllocatedBytes();
        record(metrics, topics, response, produce, 100_000);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

        assertTrue(allocated < 4096, "100,000 rounds of recording allocated " + allocated + " bytes");
        assertEquals(120_000 * 10L, topics.existing("t").recordsIn());
    }

    private static void record(BrokerMetrics metrics, TopicMetrics topics, ProduceResponse response, short api,
                               int rounds) {
        for (int i = 0; i < rounds; i++) {
            metrics.requests().completed(api, 250_000);
            ResponseErrors.count(api, response, metrics.requests());
            topics.topic("t").produced(1000, 10);
            topics.topic("t").fetched(1000, 10);
            metrics.storage().flushed(300_000, 7);
            metrics.network().accepted();
        }
    }
}
