package io.runnel.junit;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ReflectionSupport;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.function.Predicate;

/**
 * Sets the fields annotated {@link RunnelBootstrap} of a test class and its superclasses: static ones once per
 * class, instance ones on each new test instance. A field that cannot hold the address (not a {@code String}, or
 * {@code final}) fails the class with its name in the message rather than being skipped.
 */
final class BootstrapFields {
    private BootstrapFields() {
    }

    /** Sets every static {@code @RunnelBootstrap} field declared by {@code testClass} or its superclasses. */
    static void injectStatic(Class<?> testClass, String bootstrapServers) {
        for (Field field : annotated(testClass, BootstrapFields::isStatic)) {
            set(field, null, bootstrapServers);
        }
    }

    /** Sets every instance {@code @RunnelBootstrap} field of {@code testInstance}, inherited ones included. */
    static void injectInstance(Object testInstance, String bootstrapServers) {
        for (Field field : annotated(testInstance.getClass(), f -> !isStatic(f))) {
            set(field, testInstance, bootstrapServers);
        }
    }

    private static Iterable<Field> annotated(Class<?> type, Predicate<Field> filter) {
        return AnnotationSupport.findAnnotatedFields(type, RunnelBootstrap.class, filter);
    }

    private static boolean isStatic(Field field) {
        return Modifier.isStatic(field.getModifiers());
    }

    private static void set(Field field, Object target, String value) {
        String name = field.getDeclaringClass().getName() + "." + field.getName();
        if (field.getType() != String.class) {
            throw new ExtensionConfigurationException(
                    "@RunnelBootstrap field " + name + " must be a String, is " + field.getType().getName());
        }
        if (Modifier.isFinal(field.getModifiers())) {
            throw new ExtensionConfigurationException("@RunnelBootstrap field " + name + " must not be final");
        }
        try {
            ReflectionSupport.makeAccessible(field).set(target, value);
        } catch (IllegalAccessException e) {
            throw new ExtensionConfigurationException("Cannot set @RunnelBootstrap field " + name, e);
        }
    }
}
