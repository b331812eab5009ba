package io.inlet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FusedReferenceTest {

    @TempDir
    Path directory;

    @Test
    void everyThreadWritesWholeFilesOfTheBenchsEventsAndLeavesNoFileBehind() throws Exception {
        List<byte[]> events = new Payloads(300, Payloads.Kind.REALISTIC, 7).events(50);

        FusedReference.Result result = FusedReference.measure(events, 120, 2, Duration.ZERO, directory);

        assertThat(result.rows()).isEqualTo(240);
        assertThat(result.files()).isEqualTo(2);
        assertThat(result.invalid()).isZero();
        assertThat(result.eventsPerSecond()).isPositive();
        try (var files = Files.walk(directory)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void anEventTheSchemaRefusesIsCountedAndNotWritten() throws Exception {
        List<byte[]> events = new ArrayList<>(new Payloads(300, Payloads.Kind.REALISTIC, 7).events(3));
        events.add("{\"user_id\":\"\",\"url\":\"not a uri\"}".getBytes(StandardCharsets.UTF_8));

        FusedReference.Result result = FusedReference.measure(events, 8, 1, Duration.ZERO, directory);

        assertThat(result.rows() + result.invalid()).isEqualTo(8);
        assertThat(result.invalid()).isEqualTo(2);
    }
}
