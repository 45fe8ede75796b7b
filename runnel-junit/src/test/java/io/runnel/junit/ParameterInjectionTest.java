package io.runnel.junit;

import io.runnel.broker.EmbeddedBroker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(RunnelBrokerExtension.class)
class ParameterInjectionTest {
    private static String fromBeforeAll;
    private final String fromConstructor;
    private String fromBeforeEach;

    ParameterInjectionTest(@RunnelBootstrap String bootstrap) {
        this.fromConstructor = bootstrap;
    }

    @BeforeAll
    static void beforeAll(@RunnelBootstrap String bootstrap) {
        fromBeforeAll = bootstrap;
    }

    @BeforeEach
    void beforeEach(@RunnelBootstrap String bootstrap) {
        fromBeforeEach = bootstrap;
    }

    @Test
    void everyParameterGetsTheLoopbackAddressOfTheClassBroker(@RunnelBootstrap String bootstrap, EmbeddedBroker broker) {
        assertTrue(broker.port() > 0, "port " + broker.port());
        assertEquals("127.0.0.1:" + broker.port(), bootstrap);
        assertEquals(bootstrap, fromBeforeAll);
        assertEquals(bootstrap, fromConstructor);
        assertEquals(bootstrap, fromBeforeEach);
    }

    @RepeatedTest(2)
    void templatedTestsAreResolvedToo(@RunnelBootstrap String bootstrap) {
        assertEquals(fromBeforeAll, bootstrap);
    }
}
