package io.runnel.cli;

import picocli.CommandLine;

import java.lang.reflect.Constructor;

/**
 * Creates command objects for picocli, handing the {@link Terminal} to those whose constructor takes one; every
 * other class is created as picocli's default factory would.
 */
final class CommandFactory implements CommandLine.IFactory {
    private final Terminal terminal;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    CommandFactory(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        Constructor<K> withTerminal;
        try {
            withTerminal = type.getDeclaredConstructor(Terminal.class);
        } catch (NoSuchMethodException e) {
            return fallback.create(type);
        }
        withTerminal.setAccessible(true);
        return withTerminal.newInstance(terminal);
    }
}
