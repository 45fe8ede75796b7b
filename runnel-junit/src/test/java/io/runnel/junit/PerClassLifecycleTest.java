package io.runnel.junit;

import io.runnel.broker.EmbeddedBroker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** With one instance per class, JUnit creates the instance before beforeAll: the broker must start then. */
@ExtendWith(RunnelBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PerClassLifecycleTest {
    private final String fromConstructor;
    @RunnelBootstrap
    private String instanceField;
    private String fromBeforeAll;

    PerClassLifecycleTest(@RunnelBootstrap String bootstrap) {
        this.fromConstructor = bootstrap;
    }

    @BeforeAll
    void beforeAll(@RunnelBootstrap String bootstrap) {
        fromBeforeAll = bootstrap;
    }

    @Test
    void constructorFieldAndBeforeAllSeeOneBroker(EmbeddedBroker broker) {
        String expected = "127.0.0.1:" + broker.port();
        assertEquals(expected, fromConstructor);
        assertEquals(expected, instanceField);
        assertEquals(expected, fromBeforeAll);
    }
}
