package io.inlet.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.net.URI;
import org.junit.jupiter.api.Test;

class InstancePropertiesTest {

    @Test
    void isolatedSchemaGivesSpringDatasourceAndFlywayProperties() {
        IsolatedSchema schema = new IsolatedSchema("orders_ab12cd34", "jdbc:postgresql://h/db?currentSchema=orders_ab12cd34",
                "postgres", "");

        assertThat(schema.springProperties()).containsExactly(
                entry("spring.datasource.url", "jdbc:postgresql://h/db?currentSchema=orders_ab12cd34"),
                entry("spring.datasource.username", "postgres"),
                entry("spring.datasource.password", ""),
                entry("spring.flyway.default-schema", "orders_ab12cd34"),
                entry("spring.flyway.schemas", "orders_ab12cd34"));
    }

    @Test
    void s3PropertiesGoUnderTheCallersPrefixWithOrWithoutTrailingDot() {
        S3Instance s3 = new S3Instance(URI.create("http://127.0.0.1:9000"), "us-east-1", "ak", "sk", "s3proxy");

        assertThat(s3.properties("inlet.lake.s3")).containsExactly(
                entry("inlet.lake.s3.endpoint", "http://127.0.0.1:9000"),
                entry("inlet.lake.s3.region", "us-east-1"),
                entry("inlet.lake.s3.access-key", "ak"),
                entry("inlet.lake.s3.secret-key", "sk"));
        assertThat(s3.properties("x.")).containsKey("x.endpoint");
        assertThat(s3.properties("")).containsKey("endpoint");
    }
}
