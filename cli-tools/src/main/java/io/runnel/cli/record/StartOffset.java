package io.runnel.cli.record;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Where {@code runnel consume --offset} starts each partition: {@code start}, {@code end}, an absolute offset
 * {@code N}, {@code -N} (N records before the end) or {@code @ISO-TIME} (the first record at or after that time).
 *
 * @param kind        which of the five
 * @param value       the offset, the count back from the end, or the time in ms since the epoch
 */
record StartOffset(Kind kind, long value) {
    /** The five ways to say where to start. */
    enum Kind { START, END, ABSOLUTE, FROM_END, TIME }

    /**
     * Reads the option's value.
     *
     * @throws IllegalArgumentException naming the value when it is none of the five
     */
    static StartOffset parse(String text) {
        if (text.equals("start") || text.equals("beginning")) {
            return new StartOffset(Kind.START, 0);
        }
        if (text.equals("end")) {
            return new StartOffset(Kind.END, 0);
        }
        if (text.startsWith("@")) {
            try {
                Instant at = OffsetDateTime.parse(text.substring(1)).toInstant();
                return new StartOffset(Kind.TIME, at.toEpochMilli());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--offset '" + text
                        + "': after @ comes an ISO time with zone, e.g. @2026-01-31T12:00:00Z");
            }
        }
        try {
            long n = Long.parseLong(text);
            return n < 0 ? new StartOffset(Kind.FROM_END, -n) : new StartOffset(Kind.ABSOLUTE, n);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--offset '" + text
                    + "' is none of start, end, N, -N or @ISO-TIME");
        }
    }
}
