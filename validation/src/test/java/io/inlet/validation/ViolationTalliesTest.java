package io.inlet.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.contracts.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViolationTalliesTest {

    private static Violation v(String pointer, String keyword) {
        return new Violation(pointer, keyword, keyword + " at " + pointer);
    }

    @Test
    void mostFrequentFirstWithTheFirstExampleIds() {
        ViolationTallies tallies = new ViolationTallies(100, 2);
        tallies.add("e1", List.of(v("/a", "type"), v("/b", "required")));
        tallies.add("e2", List.of(v("/b", "required")));
        tallies.add("e3", List.of(v("/b", "required")));
        assertThat(tallies.top(10)).containsExactly(
                new ViolationTallies.ViolationCount("/b", "required", 3, List.of("e1", "e2")),
                new ViolationTallies.ViolationCount("/a", "type", 1, List.of("e1")));
        assertThat(tallies.top(1)).hasSize(1);
    }

    @Test
    void samePointerOtherKeywordIsAnotherEntry() {
        ViolationTallies tallies = new ViolationTallies(100, 5);
        tallies.add("e1", List.of(v("/a", "type"), v("/a", "minimum")));
        assertThat(tallies.top(10)).extracting(ViolationTallies.ViolationCount::keyword)
                .containsExactly("type", "minimum");
    }

    @Test
    void beyondTheDistinctBoundViolationsAreCountedButNotKept() {
        ViolationTallies tallies = new ViolationTallies(2, 5);
        for (int i = 0; i < 10; i++) {
            tallies.add("e" + i, List.of(v("/p" + i, "type")));
        }
        assertThat(tallies.top(100)).hasSize(2);
        assertThat(tallies.untracked()).isEqualTo(8);
    }
}
