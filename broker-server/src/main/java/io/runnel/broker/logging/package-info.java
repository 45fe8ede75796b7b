/**
 * How the broker logs, shared by every other package and depending on none of them: the built-in logback
 * configuration used when nobody gave one, and {@link io.runnel.broker.logging.RateLimitedLogger} for WARN lines
 * that clients or a failing disk could otherwise repeat once per request.
 *
 * <p>Invariants: a {@code RateLimitedLogger} writes at most one line per interval for its kind of event and counts
 * the lines it dropped into the next one, so no input can flood the log; it is safe from any thread and never
 * blocks. Nothing here logs per request above DEBUG.
 */
package io.runnel.broker.logging;
