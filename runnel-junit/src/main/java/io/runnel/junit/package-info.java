/**
 * Testing applications that use Runnel or any Kafka client: {@link io.runnel.junit.RunnelBrokerExtension} gives each
 * JUnit Jupiter test class an embedded Runnel broker and injects its address where {@link
 * io.runnel.junit.RunnelBootstrap} asks for it.
 *
 * <p>Invariants:
 * <ul>
 *   <li>One broker per top-level test class, kept in that class's extension store and shared only with its
 *   {@code @Nested} classes; it is stopped and its temporary directory deleted when that class ends, by the class
 *   that started it and by no other.</li>
 *   <li>Every broker listens on 127.0.0.1 on a free port unless the builder fixes one.</li>
 *   <li>With {@code runnel.test.bootstrap} set, no broker is started in the JVM: every injection point receives that
 *   checked address, and only that.</li>
 * </ul>
 */
package io.runnel.junit;
