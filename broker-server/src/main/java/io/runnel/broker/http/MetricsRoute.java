package io.runnel.broker.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.runnel.broker.metrics.BrokerMetrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * {@code GET /metrics}: every series in the Prometheus text format, or OpenMetrics when the scraper's Accept
 * header asks for it, gzip-compressed when it accepts gzip (Prometheus does). The scrape runs on the metrics
 * thread. Query parameters: see {@link io.runnel.broker.metrics.ScrapeOptions}.
 */
final class MetricsRoute implements HttpHandler {
    private final BrokerMetrics metrics;
    private final HttpWorkers workers;
    private final ExpositionFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();
    private final ExpositionFormatWriter text = PrometheusTextFormatWriter.create();

    MetricsRoute(BrokerMetrics metrics, HttpWorkers workers) {
        this.metrics = metrics;
        this.workers = workers;
    }

    @Override
    public CompletionStage<HttpReply> handle(HttpCall call) {
        String accept = call.headers().get(HttpHeaderNames.ACCEPT);
        String encodings = call.headers().get(HttpHeaderNames.ACCEPT_ENCODING);
        boolean gzip = encodings != null && encodings.toLowerCase(Locale.ROOT).contains("gzip");
        return workers.onMetrics(() -> scrape(call, accept, gzip));
    }

    private HttpReply scrape(HttpCall call, String accept, boolean gzip) throws IOException {
        MetricSnapshots snapshots = metrics.scrape(new Request(call));
        ExpositionFormatWriter writer = accept != null && openMetrics.accepts(accept) ? openMetrics : text;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (OutputStream out = gzip ? new FastGzip(bytes) : bytes) {
            writer.write(out, snapshots);
        }
        Map<String, String> headers = gzip ? Map.of("Content-Encoding", "gzip", "Cache-Control", "no-store")
                : Map.of("Cache-Control", "no-store");
        return new HttpReply(HttpResponseStatus.OK, writer.getContentType(), bytes.toByteArray(), headers);
    }

    /** gzip at the fastest level: a scrape's text shrinks about 25-fold even so, for a fraction of the time. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 8192);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    /** The scrape's path and query, as the Prometheus client's collectors read them. */
    private record Request(HttpCall call) implements PrometheusScrapeRequest {
        @Override
        public String getRequestPath() {
            return call.path();
        }

        @Override
        public String[] getParameterValues(String name) {
            List<String> values = call.params(name);
            return values.isEmpty() ? null : values.toArray(new String[0]);
        }
    }
}
