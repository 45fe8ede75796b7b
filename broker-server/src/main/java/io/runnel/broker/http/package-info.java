/**
 * The broker's HTTP endpoint: Prometheus metrics, health and readiness probes, the JSON API under
 * {@code /api/v1/} and the web console that uses it.
 *
 * <p>Invariants: a network thread only parses, routes and writes; every route that reads a log, the disk or the
 * group coordinator runs on one of the endpoint's two agents ({@code runnel-http-metrics} for scrapes,
 * {@code runnel-http-console} for everything else), so the endpoint can never block produce or fetch on a
 * network thread. Every console scan (browse, search, live tail) is bounded in bytes and time
 * ({@link io.runnel.broker.http.ScanBudget}, {@link io.runnel.broker.http.TailStreams}). Requests that change
 * state go through the same domain operations as the Kafka APIs (topic admin, offset commit), with the same
 * checks. The console's files are in the jar and read once at start; nothing is fetched from elsewhere.
 */
package io.runnel.broker.http;
