package io.runnel.junit;

import io.runnel.broker.EmbeddedBroker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/** With runnel.test.bootstrap set, the extension starts nothing and injects that address everywhere. */
class ExternalClusterSwitchTest {
    private static final List<String> INJECTED = new CopyOnWriteArrayList<>();
    /** Where the fixture's broker would keep its data: a broker that started would create it. */
    private static final Path FIXTURE_DATA_DIR = Path.of(System.getProperty("java.io.tmpdir"),
            "runnel-junit-external-switch-" + ProcessHandle.current().pid());

    @Test
    void theGivenAddressIsInjectedAndNoBrokerStarts() {
        INJECTED.clear();
        try (EmbeddedBroker external = EmbeddedBroker.start()) {
            String value = " " + external.bootstrapServers() + " , 127.0.0.1:1";
            EngineExecutionResults results = FixtureRunner.run(
                    Map.of(RunnelBrokerExtension.EXTERNAL_BOOTSTRAP_PROPERTY, value), ExternalFixture.class);

            results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
            results.testEvents().assertThatEvents().haveExactly(1, event(test("needsTheEmbeddedBroker"),
                    finishedWithFailure(instanceOf(ParameterResolutionException.class),
                            message(m -> m.contains("runnel.test.bootstrap names an external cluster")))));
            String expected = external.bootstrapServers() + ",127.0.0.1:1";
            assertEquals(List.of(expected, expected, expected), INJECTED);
        }
        assertFalse(Files.exists(FIXTURE_DATA_DIR), "a broker started in " + FIXTURE_DATA_DIR);
    }

    @Test
    void aMalformedAddressFailsTheClassNamingTheValue() {
        EngineExecutionResults results = FixtureRunner.run(
                Map.of(RunnelBrokerExtension.EXTERNAL_BOOTSTRAP_PROPERTY, "localhost"), ExternalFixture.class);

        results.testEvents().assertStatistics(stats -> stats.started(0));
        results.containerEvents().assertThatEvents().haveExactly(1, event(container(ExternalFixture.class),
                finishedWithFailure(instanceOf(ExtensionConfigurationException.class),
                        message("runnel.test.bootstrap='localhost' must be HOST:PORT[,HOST:PORT...]: "
                                + "'localhost' is not HOST:PORT"))));
    }

    static class ExternalFixture {
        @RegisterExtension
        static final RunnelBrokerExtension BROKER =
                RunnelBrokerExtension.builder().dataDir(FIXTURE_DATA_DIR).build();

        @RunnelBootstrap
        static String staticField;

        @BeforeAll
        static void beforeAll(@RunnelBootstrap String bootstrap) {
            INJECTED.add(bootstrap);
            INJECTED.add(staticField);
        }

        @Test
        void getsTheAddress(@RunnelBootstrap String bootstrap) {
            INJECTED.add(bootstrap);
        }

        @Test
        void needsTheEmbeddedBroker(EmbeddedBroker broker) {
            INJECTED.add("unexpected: " + broker.bootstrapServers());
        }
    }
}
