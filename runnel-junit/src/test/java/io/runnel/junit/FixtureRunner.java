package io.runnel.junit;

import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.util.Map;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs fixture test classes (static nested classes, which Surefire itself never runs) in a JUnit engine of their
 * own, isolated from this JVM's system properties so a {@code runnel.test.bootstrap} given to the build does not
 * leak into them; fixtures run in the order of their {@code @Order}.
 */
final class FixtureRunner {
    private FixtureRunner() {
    }

    static EngineExecutionResults run(Map<String, String> configuration, Class<?>... fixtures) {
        EngineTestKit.Builder kit = EngineTestKit.engine("junit-jupiter")
                .enableImplicitConfigurationParameters(false)
                .configurationParameter("junit.jupiter.testclass.order.default",
                        "org.junit.jupiter.api.ClassOrderer$OrderAnnotation")
                .configurationParameters(configuration);
        for (Class<?> fixture : fixtures) {
            kit.selectors(selectClass(fixture));
        }
        return kit.execute();
    }
}
