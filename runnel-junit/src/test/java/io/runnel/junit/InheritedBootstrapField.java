package io.runnel.junit;

/** A superclass whose {@code @RunnelBootstrap} field subclasses' tests expect to be set. */
abstract class InheritedBootstrapField {
    @RunnelBootstrap
    String inheritedField;
}
