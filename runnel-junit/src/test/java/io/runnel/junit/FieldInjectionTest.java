package io.runnel.junit;

import io.runnel.broker.EmbeddedBroker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(RunnelBrokerExtension.class)
class FieldInjectionTest extends InheritedBootstrapField {
    @RunnelBootstrap
    private static String staticField;
    private static String staticFieldInBeforeAll;

    @RunnelBootstrap
    private String instanceField;

    @BeforeAll
    static void readStaticField() {
        staticFieldInBeforeAll = staticField;
    }

    @Test
    void staticInstanceAndInheritedFieldsHoldTheClassBroker(EmbeddedBroker broker) {
        String expected = "127.0.0.1:" + broker.port();
        assertEquals(expected, staticFieldInBeforeAll);
        assertEquals(expected, staticField);
        assertEquals(expected, instanceField);
        assertEquals(expected, inheritedField);
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class NestedPerClass {
        @RunnelBootstrap
        private String nestedField;

        @Test
        void nestedClassesShareTheEnclosingBroker(@RunnelBootstrap String bootstrap) {
            assertEquals(staticField, bootstrap);
            assertEquals(staticField, nestedField);
        }
    }
}
