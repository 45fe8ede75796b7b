package io.runnel.cli.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A text table for a terminal: a header row, columns two spaces apart, numeric columns (every cell an integer or
 * {@code -}) right-aligned, the whole no wider than {@link #WIDTH} columns. When the cells do not fit, the widest
 * text column is narrowed and its long cells cut, ending in {@code ..}; the JSON output always has them whole.
 */
public final class Table {
    /** The widest a table may print, in characters. */
    public static final int WIDTH = 100;
    private static final int GAP = 2;
    private static final int NARROWEST = 8;

    private final String[] headers;
    private final List<String[]> rows = new ArrayList<>();

    /** A table with these column headers. */
    public Table(String... headers) {
        this.headers = headers.clone();
    }

    /** Adds a row; null cells print as {@code -}. */
    public Table row(Object... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of "
                    + headers.length + " columns");
        }
        String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            row[i] = cells[i] == null ? "-" : cells[i].toString();
        }
        rows.add(row);
        return this;
    }

    /** Whether no row was added. */
    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Prints the header and the rows. */
    public void print(PrintWriter out) {
        int columns = headers.length;
        int[] widths = new int[columns];
        boolean[] numeric = new boolean[columns];
        for (int c = 0; c < columns; c++) {
            widths[c] = headers[c].length();
            numeric[c] = !rows.isEmpty();
            for (String[] row : rows) {
                widths[c] = Math.max(widths[c], row[c].length());
                numeric[c] &= isNumber(row[c]);
            }
        }
        fit(widths, numeric);
        line(out, headers, widths, numeric);
        for (String[] row : rows) {
            line(out, row, widths, numeric);
        }
        out.flush();
    }

    /** Narrows the widest text column, one character at a time, until the table fits. */
    private static void fit(int[] widths, boolean[] numeric) {
        while (total(widths) > WIDTH) {
            int widest = -1;
            for (int c = 0; c < widths.length; c++) {
                if (!numeric[c] && widths[c] > NARROWEST && (widest < 0 || widths[c] > widths[widest])) {
                    widest = c;
                }
            }
            if (widest < 0) {
                return;
            }
            widths[widest]--;
        }
    }

    private static int total(int[] widths) {
        int sum = GAP * (widths.length - 1);
        for (int w : widths) {
            sum += w;
        }
        return sum;
    }

    private static void line(PrintWriter out, String[] cells, int[] widths, boolean[] numeric) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            String cell = cells[c].length() > widths[c] ? cells[c].substring(0, widths[c] - 2) + ".." : cells[c];
            String pad = " ".repeat(widths[c] - cell.length());
            if (c > 0) {
                line.append(" ".repeat(GAP));
            }
            if (numeric[c]) {
                line.append(pad).append(cell);
            } else {
                line.append(cell);
                if (c < cells.length - 1) {
                    line.append(pad);
                }
            }
        }
        out.println(line);
    }

    private static boolean isNumber(String cell) {
        if (cell.equals("-")) {
            return true;
        }
        int start = cell.startsWith("-") ? 1 : 0;
        if (start == cell.length()) {
            return false;
        }
        for (int i = start; i < cell.length(); i++) {
            if (!Character.isDigit(cell.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Prints {@code label: value} lines with the values aligned, from alternating labels and values. */
    public static void fields(PrintWriter out, Object... labelsAndValues) {
        int width = 0;
        for (int i = 0; i < labelsAndValues.length; i += 2) {
            width = Math.max(width, labelsAndValues[i].toString().length() + 1);
        }
        for (int i = 0; i < labelsAndValues.length; i += 2) {
            String label = labelsAndValues[i] + ":";
            Object value = labelsAndValues[i + 1];
            out.println(label + " ".repeat(width - label.length() + 1) + (value == null ? "-" : value));
        }
    }
}
