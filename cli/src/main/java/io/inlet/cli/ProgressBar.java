package io.inlet.cli;

/** The replay progress line: a bar over the error files read, then events sent of those selected. */
final class ProgressBar {

    static final int WIDTH = 30;

    private ProgressBar() {
    }

    static String render(long done, long total, long sent, long matched, String status) {
        double fraction = total <= 0 ? 1.0 : Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + String.format("%3d%%",
                Math.round(fraction * 100)) + "  files " + done + "/" + total + "  sent " + sent + "/" + matched
                + "  " + status;
    }
}
