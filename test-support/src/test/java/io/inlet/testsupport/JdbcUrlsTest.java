package io.inlet.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

    @Test
    void addsCurrentSchemaToAUrlWithoutParameters() {
        assertThat(JdbcUrls.withCurrentSchema("jdbc:postgresql://h:5432/db", "s1"))
                .isEqualTo("jdbc:postgresql://h:5432/db?currentSchema=s1");
    }

    @Test
    void keepsOtherParametersAndReplacesAnEarlierSchema() {
        assertThat(JdbcUrls.withCurrentSchema("jdbc:postgresql://h/db?ssl=false&currentSchema=old&loggerLevel=OFF", "s2"))
                .isEqualTo("jdbc:postgresql://h/db?ssl=false&loggerLevel=OFF&currentSchema=s2");
    }
}
