/**
 * The client's view of the cluster: immutable {@link io.runnel.client.internal.metadata.ClusterSnapshot}s, kept
 * fresh by a {@link io.runnel.client.internal.metadata.MetadataManager}.
 *
 * <p>Invariants: a snapshot never changes once published (any thread reads it); a new one replaces it whole, after
 * each Metadata response, on the network's event loop; a partition's leader epoch never goes backwards within one
 * topic id; at most one Metadata request per manager is in flight.
 */
package io.runnel.client.internal.metadata;
