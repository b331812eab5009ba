package io.inlet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The hottest code of a JFR recording: jdk.ExecutionSample events counted by their top frame, and by the first
 * frame in io.inlet code (what Inlet code the CPU was spent under), each as a share of all samples.
 */
final class JfrSummary {

    private JfrSummary() {
    }

    static String summarize(Path recording, int top) {
        if (recording == null || !Files.isRegularFile(recording)) {
            return "(no recording at " + recording + ")";
        }
        Map<String, Integer> topFrames = new HashMap<>();
        Map<String, Integer> inletFrames = new HashMap<>();
        int samples = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                    continue;
                }
                List<RecordedFrame> frames = event.getStackTrace().getFrames();
                if (frames.isEmpty()) {
                    continue;
                }
                samples++;
                topFrames.merge(name(frames.get(0)), 1, Integer::sum);
                for (RecordedFrame frame : frames) {
                    if (frame.getMethod().getType().getName().startsWith("io.inlet.")) {
                        inletFrames.merge(name(frame), 1, Integer::sum);
                        break;
                    }
                }
            }
        } catch (IOException e) {
            return "(cannot read " + recording + ": " + e.getMessage() + ")";
        }
        StringBuilder out = new StringBuilder();
        out.append(samples).append(" execution samples\n  top frames:\n");
        append(out, topFrames, samples, top);
        out.append("  innermost io.inlet frame on the stack:\n");
        append(out, inletFrames, samples, top);
        return out.toString();
    }

    private static void append(StringBuilder out, Map<String, Integer> counts, int samples, int top) {
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> out.append(String.format("    %5.1f %%  %s%n", 100.0 * e.getValue() / samples,
                        e.getKey())));
    }

    private static String name(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.', type.lastIndexOf('.') - 1) + 1) + "." + frame.getMethod().getName();
    }
}
