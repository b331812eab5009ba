package io.inlet.registry.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.contracts.InvalidEventTypeException;
import io.inlet.registry.schema.SubjectNotFoundException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

class ConfluentErrorAdviceTest {

    private final ConfluentErrorAdvice advice = new ConfluentErrorAdvice();

    @Test
    void mapsDomainExceptionsToConfluentCodes() {
        var response = advice.domain(new SubjectNotFoundException("a.b"));
        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(response.getBody().errorCode()).isEqualTo(40401);
        assertThat(response.getBody().message()).isEqualTo("Subject 'a.b' not found.");

        var invalid = advice.domain(new InvalidEventTypeException("A\u0000", "bad"));
        assertThat(invalid.getStatusCode().value()).isEqualTo(422);
        assertThat(invalid.getBody().errorCode()).isEqualTo(42208);
        assertThat(invalid.getBody().message()).doesNotContain("\u0000");
    }

    @Test
    void storeFailuresAre50001WithoutDetails() {
        var response = advice.other(new DataAccessResourceFailureException("connection to 10.0.0.5 refused"));
        assertThat(response.getStatusCode().value()).isEqualTo(500);
        assertThat(response.getBody().errorCode()).isEqualTo(50001);
        assertThat(response.getBody().message()).isEqualTo("Error in the backend data store").doesNotContain("10.0.0.5");
    }
}
