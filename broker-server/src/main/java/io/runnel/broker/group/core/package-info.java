/**
 * What every part of the group coordinator shares: the {@link io.runnel.broker.group.core.Group} contract both kinds
 * of group implement, the {@link io.runnel.broker.group.core.GroupRegistry} of groups by id, the refusal every part
 * throws ({@link io.runnel.broker.group.core.GroupException}: a Kafka error code, no stack trace), the request
 * context, the timer names, the broker's topics as groups see them, and the
 * {@link io.runnel.broker.group.core.CoordinatorContext} handed to each part.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Thread confinement: the registry, the timers and the topic view are used only on the coordinator thread;
 *       {@link io.runnel.broker.group.core.TopicMetadataImage} is immutable and may be shared.</li>
 *   <li>One protocol per group id: only the registry decides whether a request of the other protocol may take a
 *       group id over (only while the group is empty).</li>
 *   <li>A refusal is an answer, not a fault: it carries the error code the client gets, and the part that handles
 *       the request catches it and answers with that code.</li>
 * </ul>
 * This package knows neither kind of group; the classic, consumer and offset packages build on it.
 */
package io.runnel.broker.group.core;
