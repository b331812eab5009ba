package io.inlet.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Plain-text output: JSON as is, or aligned columns. */
final class Output {

    private Output() {
    }

    static void json(PrintWriter out, JsonNode node) {
        out.println(LakeApi.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    }

    /** An aligned table of the named fields of each element of {@code rows}. */
    static void table(PrintWriter out, JsonNode rows, String... fields) {
        List<String[]> lines = new ArrayList<>();
        lines.add(fields);
        for (JsonNode row : rows) {
            String[] cells = new String[fields.length];
            for (int i = 0; i < fields.length; i++) {
                JsonNode value = row.get(fields[i]);
                cells[i] = value == null || value.isNull() ? "" : value.isValueNode() ? value.asString()
                        : value.toString();
            }
            lines.add(cells);
        }
        int[] widths = new int[fields.length];
        for (String[] cells : lines) {
            for (int i = 0; i < cells.length; i++) {
                widths[i] = Math.max(widths[i], cells[i].length());
            }
        }
        for (String[] cells : lines) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cells.length; i++) {
                line.append(i == 0 ? "" : "  ").append(i == cells.length - 1 ? cells[i]
                        : String.format("%-" + widths[i] + "s", cells[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
