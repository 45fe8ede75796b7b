package io.runnel.broker.http;

/**
 * How much one console scan (browse, search) may read: bytes of batches and milliseconds, both capped by the
 * broker whatever the request asks, so that no request can keep the console thread or the disk busy for long.
 *
 * @param maxBytes bytes of batches to read at most, over all partitions scanned
 * @param maxMs    milliseconds to spend at most
 */
record ScanBudget(long maxBytes, long maxMs) {
    /** The most any scan may read. */
    static final long CAP_BYTES = 256L * 1024 * 1024;
    /** The longest any scan may take. */
    static final long CAP_MS = 10_000;

    /** The budget a request asks for ({@code maxBytes}, {@code maxMs} parameters) within the caps. */
    static ScanBudget of(HttpCall call, long defaultBytes, long defaultMs) {
        return new ScanBudget(call.longParam("maxBytes", defaultBytes, 1, CAP_BYTES),
                call.longParam("maxMs", defaultMs, 1, CAP_MS));
    }
}
