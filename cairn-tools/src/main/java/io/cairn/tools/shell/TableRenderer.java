package io.cairn.tools.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders rows as cqlsh does: a header, a separator, one line per row with columns
 * separated by {@code |}, numbers right-aligned and other values left-aligned.
 */
public final class TableRenderer {

    private TableRenderer() {
    }

    /**
     * @param names   column names
     * @param numeric which columns hold numbers (right-aligned)
     * @param rows    each row's values, already formatted
     */
    public static List<String> render(List<String> names, List<Boolean> numeric, List<List<String>> rows) {
        int[] widths = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            widths[i] = names.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        StringBuilder header = new StringBuilder();
        StringBuilder separator = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            header.append(i == 0 ? " " : " | ").append(pad(names.get(i), widths[i], false));
            separator.append(i == 0 ? "-" : "-+-").append("-".repeat(widths[i]));
        }
        lines.add(header.toString().stripTrailing());
        lines.add(separator.append('-').toString());
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < names.size(); i++) {
                line.append(i == 0 ? " " : " | ").append(pad(row.get(i), widths[i], numeric.get(i)));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    private static String pad(String value, int width, boolean right) {
        String padding = " ".repeat(Math.max(0, width - value.length()));
        return right ? padding + value : value + padding;
    }
}
