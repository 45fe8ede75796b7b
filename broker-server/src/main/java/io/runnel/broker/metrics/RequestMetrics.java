package io.runnel.broker.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.runnel.protocol.ApiKey;
import io.runnel.protocol.ErrorCode;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Requests per Kafka API: how many, how long each took from decoding to its response being ready, and the error
 * codes the responses carried.
 *
 * <p>Recording is allocation-free: the count and latency series of every API are resolved when the broker starts;
 * an (API, error) series is resolved the first time that error is seen and cached. Safe from any thread.
 */
public final class RequestMetrics {
    /** Latency buckets, in seconds: 0.25 ms to 30 s (fetches that long-poll sit at the top). */
    private static final double[] LATENCY_BUCKETS = {0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
            0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
    private static final int MAX_API_ID = maxApiId();
    private static final ErrorCode[] ERRORS = ErrorCode.values();

    private final Counter errors;
    private final CounterDataPoint[] requestCounts = new CounterDataPoint[MAX_API_ID + 1];
    private final BucketHistogram.Series[] latencies = new BucketHistogram.Series[MAX_API_ID + 1];
    private final AtomicReferenceArray<CounterDataPoint> errorCounts =
            new AtomicReferenceArray<>((MAX_API_ID + 1) * ERRORS.length);

    RequestMetrics(PrometheusRegistry registry) {
        Counter requests = Counter.builder().name("runnel_requests_total")
                .help("Kafka requests answered, by API").labelNames("api").withoutExemplars().register(registry);
        BucketHistogram latency = new BucketHistogram("runnel_request_duration_seconds",
                "Time from a request's decoding to its response being ready, by API (a parked fetch counts its wait)",
                Unit.SECONDS, LATENCY_BUCKETS, registry);
        this.errors = Counter.builder().name("runnel_request_errors_total")
                .help("Error codes in responses (top level and per partition), by API and Kafka error name")
                .labelNames("api", "error").withoutExemplars().register(registry);
        for (ApiKey api : ApiKey.values()) {
            requestCounts[api.id()] = requests.labelValues(api.apiName());
            latencies[api.id()] = latency.series("api", api.apiName());
        }
    }

    /** One request of API {@code apiKey} was answered (or dropped, for acks=0) after {@code nanos}. */
    public void completed(short apiKey, long nanos) {
        if (apiKey < 0 || apiKey > MAX_API_ID || requestCounts[apiKey] == null) {
            return;
        }
        requestCounts[apiKey].inc();
        latencies[apiKey].observe(nanos / 1e9);
    }

    /** A response of API {@code apiKey} carried {@code errorCode}; {@link ErrorCode#NONE} is not counted. */
    public void error(short apiKey, short errorCode) {
        if (errorCode == 0 || apiKey < 0 || apiKey > MAX_API_ID || requestCounts[apiKey] == null) {
            return;
        }
        ErrorCode error = ErrorCode.forCode(errorCode);
        int slot = apiKey * ERRORS.length + error.ordinal();
        CounterDataPoint point = errorCounts.get(slot);
        if (point == null) {
            point = errors.labelValues(ApiKey.forId(apiKey).apiName(), error.kafkaName());
            errorCounts.compareAndSet(slot, null, point);
        }
        point.inc();
    }

    private static int maxApiId() {
        int max = 0;
        for (ApiKey api : ApiKey.values()) {
            max = Math.max(max, api.id());
        }
        return max;
    }
}
