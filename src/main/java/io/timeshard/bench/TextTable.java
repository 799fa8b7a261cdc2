package io.timeshard.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** A table for the terminal: the first column (names) aligned left, the others (figures) aligned right, each as wide as its widest cell. */
final class TextTable {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(String... headers) {
        if (headers.length == 0) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        this.headers = List.of(headers);
    }

    TextTable addRow(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.length);
        }
        rows.add(List.of(cells));
        return this;
    }

    void print(PrintStream out) {
        requireNonNull(out, "out is null");
        int[] widths = columnWidths();
        printRow(out, headers, widths);
        List<String> rules = new ArrayList<>();
        for (int width : widths) {
            rules.add("-".repeat(width));
        }
        out.println(String.join("-+-", rules));
        for (List<String> row : rows) {
            printRow(out, row, widths);
        }
    }

    private int[] columnWidths() {
        int[] widths = new int[headers.size()];
        for (int column = 0; column < widths.length; column++) {
            widths[column] = headers.get(column).length();
            for (List<String> row : rows) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        }
        return widths;
    }

    private static void printRow(PrintStream out, List<String> cells, int[] widths) {
        List<String> padded = new ArrayList<>();
        for (int column = 0; column < widths.length; column++) {
            String alignment = column == 0 ? "-" : "";
            padded.add(String.format("%" + alignment + widths[column] + "s", cells.get(column)));
        }
        out.println(String.join(" | ", padded));
    }
}
