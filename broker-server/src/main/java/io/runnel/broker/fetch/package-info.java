/**
 * The read path: {@link io.runnel.broker.fetch.FetchService} resolves a Fetch request once ({@code FetchPlan}), reads
 * whole batches ({@code FetchReader}) into a response whose record data goes from the segment files to the socket
 * without a copy ({@code FetchResponseBody}), and parks a fetch that found too little ({@code DelayedFetches}).
 * Also the broker's answers about leader epochs and fetch sessions, which one node keeps trivial.
 *
 * <p>Invariants: a read takes no lock, copies no record data and runs on whichever thread asks (a network thread,
 * an appender waking a parked fetch, the {@code runnel-fetch-timer} thread); a parked fetch is answered exactly
 * once (whoever claims it reads and answers) and never misses an append that happened after its read; the
 * zero-copy body owns the slices of its reads and releases them once, sent or dropped. Nothing here imports
 * {@code api}.
 */
package io.runnel.broker.fetch;
