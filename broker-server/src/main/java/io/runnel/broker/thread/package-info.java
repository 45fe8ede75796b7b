/**
 * The broker's one thread model: every background thread is an {@link io.runnel.broker.thread.Agent} run by an
 * {@link io.runnel.broker.thread.AgentRunner}, so each is started, named ({@code runnel-<role>}), and stopped the
 * same way, and an exception in one unit of work is logged with the thread's role instead of killing the thread.
 *
 * <p>Invariants: an agent's {@code onStart}, {@code doWork} and {@code onClose} all run on its one thread, in that
 * order, so an agent's own state needs no locking; {@code onClose} runs exactly once, after the last
 * {@code doWork}, even when {@code doWork} failed; {@link io.runnel.broker.thread.AgentRunner#close()} returns
 * only after the thread has ended (or its timeout passed, which is logged). Serial executors with timers, where a
 * component wants "run this later on my thread", are {@link io.runnel.broker.thread.TaskAgent}s.
 *
 * <p>Netty's event loops are the exception: Netty starts and stops them for {@code network.NetworkServer}, which
 * names them {@code runnel-accept} and {@code runnel-network-<n>}. Two one-shot threads are plain threads made by
 * {@link io.runnel.broker.thread.BrokerThreads#newThread}: the JVM shutdown hook ({@code runnel-shutdown}, which the
 * JVM starts) and {@code Main}'s {@code runnel-warm-up}.
 */
package io.runnel.broker.thread;
