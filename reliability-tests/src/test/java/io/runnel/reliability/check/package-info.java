/** Checks the suites share: what a stopped broker's data directory holds, read in Kafka's on-disk format. */
package io.runnel.reliability.check;
