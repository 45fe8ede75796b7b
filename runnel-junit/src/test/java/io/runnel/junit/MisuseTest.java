package io.runnel.junit;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.util.Map;

import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/** Injection points that cannot hold an address fail with their name, instead of being left empty. */
class MisuseTest {
    @Test
    void aNonStringParameterOrAFinalFieldFailsNamingIt() {
        EngineExecutionResults results = FixtureRunner.run(Map.of(), WrongParameterType.class, FinalField.class);

        results.testEvents().assertThatEvents().haveExactly(1, event(test("port"),
                finishedWithFailure(instanceOf(ParameterResolutionException.class),
                        message(m -> m.contains("WrongParameterType.port(int) parameter 0 must be a String, is int")))));
        results.containerEvents().assertThatEvents().haveExactly(1, event(container(FinalField.class),
                finishedWithFailure(instanceOf(ExtensionConfigurationException.class),
                        message("@RunnelBootstrap field " + FinalField.class.getName()
                                + ".bootstrap must not be final"))));
    }

    @Order(1)
    @ExtendWith(RunnelBrokerExtension.class)
    static class WrongParameterType {
        @Test
        void port(@RunnelBootstrap int port) {
        }
    }

    @Order(2)
    @ExtendWith(RunnelBrokerExtension.class)
    static class FinalField {
        @RunnelBootstrap
        static final String bootstrap = "fixed";

        @Test
        void unreachable() {
        }
    }
}
