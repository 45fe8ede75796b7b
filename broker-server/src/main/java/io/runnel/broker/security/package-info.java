/**
 * Kafka's security model on the broker side: what each listener speaks ({@link
 * io.runnel.broker.security.SecurityProtocol}), TLS contexts from Kafka's {@code ssl.*} keys, the SASL mechanisms
 * PLAIN and SCRAM-SHA-256/512 with salted SCRAM credentials kept in the data directory, and the ACL authorizer with
 * its durable ACL store.
 *
 * <p>Invariants: a password is never stored nor logged, only SCRAM's salted keys; a {@link
 * io.runnel.broker.security.ConnectionSession} belongs to one connection and is authenticated before any request
 * other than ApiVersions and the SASL APIs is served on it; the credential and ACL stores publish immutable
 * snapshots, so readers on the network threads never lock or allocate, and every file write happens on the
 * security thread, never on an event loop. This package depends on the configuration only, not on the network.
 */
package io.runnel.broker.security;
