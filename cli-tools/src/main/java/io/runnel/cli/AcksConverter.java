package io.runnel.cli;

import io.runnel.client.Acks;
import picocli.CommandLine;

import java.util.Locale;

/** Reads {@code --acks} as Kafka's tools spell it: {@code all} (or {@code -1}), {@code 1}, {@code 0}. */
public final class AcksConverter implements CommandLine.ITypeConverter<Acks> {
    @Override
    public Acks convert(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "all", "-1" -> Acks.ALL;
            case "1" -> Acks.LEADER;
            case "0" -> Acks.NONE;
            default -> throw new CommandLine.TypeConversionException("'" + value + "' is not all, 1 or 0");
        };
    }
}
