package io.inlet.registry.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.registry.compat.CompatibilityChecker.PreviousVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CompatibilityCheckerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final CompatibilityChecker checker = new CompatibilityChecker();

    private static JsonNode tree(String json) {
        return JSON.readTree(json.replace('\'', '"'));
    }

    static JsonNode fixture(String name) throws IOException {
        Path root = Path.of(System.getProperty("inlet.repo.root", "..")).toAbsolutePath();
        Path file = root.resolve("../shared/fixtures/schemas").resolve(name).normalize();
        if (!Files.exists(file)) {
            file = Path.of("/work/shared/fixtures/schemas").resolve(name);
        }
        return JSON.readTree(Files.readString(file));
    }

    @Test
    void pageViewedV2IsBackwardButNotForwardCompatibleWithV1() throws IOException {
        JsonNode v1 = fixture("page.viewed.v1.json");
        JsonNode v2 = fixture("page.viewed.v2.json");
        List<PreviousVersion> previous = List.of(new PreviousVersion(1, v1));

        assertThat(checker.check(CompatibilityLevel.BACKWARD, v2, previous)).isEmpty();
        assertThat(checker.check(CompatibilityLevel.FORWARD, v2, previous))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.rule()).isEqualTo(CompatibilityRule.PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL);
                    assertThat(i.describe()).startsWith("FORWARD against version 1: ")
                            .contains("/properties/device");
                });
        assertThat(checker.check(CompatibilityLevel.FULL, v2, previous)).hasSize(1);
        assertThat(checker.check(CompatibilityLevel.NONE, v2, previous)).isEmpty();
    }

    @Test
    void nonTransitiveLevelsCheckOnlyTheLatestVersion() {
        JsonNode v1 = tree("{'type':'object','properties':{'a':{'type':'integer'}}}");
        JsonNode v2 = tree("{'type':'object','properties':{'a':{'type':'number'}}}");
        JsonNode candidate = tree("{'type':'object','properties':{'a':{'type':'number','minimum':0}}}");
        List<PreviousVersion> previous = List.of(new PreviousVersion(1, v1), new PreviousVersion(2, v2));

        assertThat(checker.check(CompatibilityLevel.FORWARD, candidate, previous)).isEmpty();
        assertThat(checker.check(CompatibilityLevel.BACKWARD, candidate, previous))
                .extracting(Incompatibility::context).containsExactly("BACKWARD against version 2");
        assertThat(checker.check(CompatibilityLevel.BACKWARD_TRANSITIVE, candidate, previous))
                .extracting(Incompatibility::context)
                .containsExactly("BACKWARD against version 1", "BACKWARD against version 2");
    }

    @Test
    void transitiveForwardFindsABreakWithAnOlderVersion() {
        JsonNode v1 = tree("{'properties':{'a':{'type':'integer'}}}");
        JsonNode v2 = tree("{'properties':{'a':{'type':'number'}}}");
        JsonNode candidate = tree("{'properties':{'a':{'type':'number'}}}");
        List<PreviousVersion> previous = List.of(new PreviousVersion(1, v1), new PreviousVersion(2, v2));

        assertThat(checker.check(CompatibilityLevel.FORWARD, candidate, previous)).isEmpty();
        assertThat(checker.check(CompatibilityLevel.FORWARD_TRANSITIVE, candidate, previous))
                .singleElement().satisfies(i -> assertThat(i.describe())
                        .isEqualTo("FORWARD against version 1: TYPE_NARROWED at /properties/a/type: version 1 accepts"
                                + " [integer] but new schema also accepts [number]"));
        assertThat(checker.check(CompatibilityLevel.FULL_TRANSITIVE, candidate, previous)).hasSize(1);
    }

    @Test
    void firstVersionIsAlwaysCompatible() {
        assertThat(checker.check(CompatibilityLevel.FULL_TRANSITIVE, tree("{'type':'string'}"), List.of())).isEmpty();
    }
}
