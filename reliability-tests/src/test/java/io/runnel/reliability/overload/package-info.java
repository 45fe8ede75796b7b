/**
 * Overload suite: a broker child process (-Xmx256m) under many connections, many partitions, producers of
 * maximum-size batches faster than the disk and a slow consumer, while its memory is sampled from outside and a
 * light producer's latency is measured.
 */
package io.runnel.reliability.overload;
