/**
 * The broker's metrics, in the Prometheus client's model: recorders that hot paths count through, and collectors
 * that read broker state when scraped.
 *
 * <p>Invariants: recording on a hot path (a request, an append, a fetch, an fsync) allocates nothing and takes no
 * lock: every series it touches is resolved beforehand ({@link io.runnel.broker.metrics.RequestMetrics} per API,
 * {@link io.runnel.broker.metrics.TopicTraffic} per topic) and counts with striped adders. What the broker already
 * keeps (offsets, sizes, segments, groups, committed offsets, connections, parked fetches) is never counted twice:
 * collectors read it at scrape time ({@link io.runnel.broker.metrics.LogCollector},
 * {@link io.runnel.broker.metrics.GroupCollector}), so it is always fresh and costs nothing between scrapes.
 * Scrapes read files and wait for the group coordinator: they run on a broker thread of their own, never on a
 * network thread, one at a time.
 */
package io.runnel.broker.metrics;
