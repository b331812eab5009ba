package io.inlet.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Every pipeline in {@code examples/pipelines/<type>.<name>.json} is valid for {@code examples/schemas/<type>.v1.json}. */
class ExamplePipelinesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path EXAMPLES = Path.of("..", "examples");

    @Test
    void examplePipelinesAreValidForTheExampleSchemas() throws IOException {
        List<Path> pipelines;
        try (Stream<Path> files = Files.list(EXAMPLES.resolve("pipelines"))) {
            pipelines = files.filter(p -> p.toString().endsWith(".json")).toList();
        }
        assertThat(pipelines).isNotEmpty();
        for (Path file : pipelines) {
            String name = file.getFileName().toString();
            String type = name.substring(0, name.lastIndexOf('.', name.length() - ".json".length() - 1));
            List<PipelineStep> steps = PipelineSteps.parse(JSON.readTree(Files.readString(file)).get("steps"));
            List<PipelineStep> typed = PipelineSteps.typed(steps,
                    JSON.readTree(Files.readString(EXAMPLES.resolve("schemas").resolve(type + ".v1.json"))));
            assertThat(typed).as(name).hasSameSizeAs(steps);
        }
    }
}
