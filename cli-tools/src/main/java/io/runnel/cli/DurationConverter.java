package io.runnel.cli;

import picocli.CommandLine;

import java.time.Duration;

/**
 * Reads a duration as users type it: {@code 250ms}, {@code 10s}, {@code 2m}, or a bare number of seconds. Zero and
 * negative durations are refused: every timeout of the CLI must let something happen.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String text = value.trim().toLowerCase(java.util.Locale.ROOT);
        Duration duration;
        try {
            if (text.endsWith("ms")) {
                duration = Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            } else if (text.endsWith("s")) {
                duration = Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1))
                        * 1000));
            } else if (text.endsWith("m")) {
                duration = Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)) * 60);
            } else {
                duration = Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000));
            }
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value
                    + "' is not a duration (examples: 500ms, 10s, 2m; a bare number is seconds)");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a positive duration");
        }
        return duration;
    }

    /** {@code duration} as a user would write it: {@code 500ms}, {@code 10s}, {@code 1.5s}. */
    public static String format(Duration duration) {
        long ms = duration.toMillis();
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms < 1000 ? ms + "ms" : String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
    }
}
