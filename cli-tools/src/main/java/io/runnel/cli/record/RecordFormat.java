package io.runnel.cli.record;

import io.runnel.client.ConsumerRecord;
import io.runnel.client.Header;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code --format} string of {@code runnel consume}, compiled once: {@code %t} topic, {@code %p} partition,
 * {@code %o} offset, {@code %k} key, {@code %v} value, {@code %T} timestamp (ms), {@code %h} headers as
 * {@code k=v,k=v}, {@code %%} a percent sign, and the escapes {@code \n}, {@code \t}, {@code \\}. A format without
 * {@code \n} gets one at the end, so each record ends its line. Keys and values print as UTF-8; a null one as
 * nothing.
 */
public final class RecordFormat {
    private static final char LITERAL = 0;

    /** One piece of the output: a literal text, or a field letter. */
    private record Part(char field, String text) {
    }

    private final List<Part> parts;

    private RecordFormat(List<Part> parts) {
        this.parts = parts;
    }

    /** The default: the value alone, one per line. */
    public static RecordFormat valueOnly() {
        return parse("%v\\n");
    }

    /**
     * Compiles {@code format}.
     *
     * @throws IllegalArgumentException naming an unknown placeholder or escape
     */
    public static RecordFormat parse(String format) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        boolean newline = false;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if ((c == '%' || c == '\\') && i + 1 == format.length()) {
                throw new IllegalArgumentException("format ends with a lone '" + c + "'");
            }
            if (c == '\\') {
                char e = format.charAt(++i);
                switch (e) {
                    case 'n' -> {
                        literal.append('\n');
                        newline = true;
                    }
                    case 't' -> literal.append('\t');
                    case '\\' -> literal.append('\\');
                    default -> throw new IllegalArgumentException("unknown escape \\" + e + " in format '" + format
                            + "' (known: \\n \\t \\\\)");
                }
            } else if (c == '%') {
                char f = format.charAt(++i);
                if (f == '%') {
                    literal.append('%');
                } else if ("tpokvTh".indexOf(f) >= 0) {
                    if (literal.length() > 0) {
                        parts.add(new Part(LITERAL, literal.toString()));
                        literal.setLength(0);
                    }
                    parts.add(new Part(f, null));
                } else {
                    throw new IllegalArgumentException("unknown placeholder %" + f + " in format '" + format
                            + "' (known: %t %p %o %k %v %T %h %%)");
                }
            } else {
                literal.append(c);
                newline |= c == '\n';
            }
        }
        if (!newline) {
            literal.append('\n');
        }
        parts.add(new Part(LITERAL, literal.toString()));
        return new RecordFormat(List.copyOf(parts));
    }

    /** Appends {@code record} as this format says to {@code out}. */
    public void append(ConsumerRecord record, StringBuilder out) {
        for (Part part : parts) {
            switch (part.field()) {
                case LITERAL -> out.append(part.text());
                case 't' -> out.append(record.topic());
                case 'p' -> out.append(record.partition());
                case 'o' -> out.append(record.offset());
                case 'k' -> text(record.key(), out);
                case 'v' -> text(record.value(), out);
                case 'T' -> out.append(record.timestamp());
                case 'h' -> {
                    int i = 0;
                    for (Header h : record.headers()) {
                        out.append(i++ == 0 ? "" : ",").append(h.key()).append('=');
                        text(h.value(), out);
                    }
                }
                default -> throw new IllegalStateException("unknown field " + part.field());
            }
        }
    }

    private static void text(byte[] bytes, StringBuilder out) {
        if (bytes != null) {
            out.append(new String(bytes, StandardCharsets.UTF_8));
        }
    }
}
