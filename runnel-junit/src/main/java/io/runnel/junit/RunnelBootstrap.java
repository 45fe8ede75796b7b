package io.runnel.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code String} parameter or field that {@link RunnelBrokerExtension} fills with the bootstrap address of
 * the test class's broker, {@code host:port[,host:port...]}, ready for a client's {@code bootstrap.servers}.
 *
 * <p>Parameters of constructors, {@code @BeforeAll}, {@code @BeforeEach}, {@code @AfterEach}, {@code @AfterAll}
 * and test methods are resolved; static fields are set before the class's {@code @BeforeAll} methods run and
 * instance fields as soon as the test instance is created. Fields must be of type {@code String} and not
 * {@code final}. The annotation does not register the extension: the class still needs
 * {@code @ExtendWith(RunnelBrokerExtension.class)} or a {@code @RegisterExtension} field.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD})
public @interface RunnelBootstrap {
}
