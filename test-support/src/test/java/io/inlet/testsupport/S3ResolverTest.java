package io.inlet.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class S3ResolverTest {

    private static final S3Instance IN_PROCESS = new S3Instance(URI.create("http://127.0.0.1:1234"), "us-east-1",
            "a", "s", "s3proxy");
    private final AtomicInteger starts = new AtomicInteger();
    private final Supplier<S3Instance> inProcess = () -> {
        starts.incrementAndGet();
        return IN_PROCESS;
    };

    @Test
    void envEndpointWinsAndStartsNothing() {
        Environment env = Environment.of(Map.of(
                "INLET_TEST_S3_ENDPOINT", "http://minio:9000",
                "INLET_TEST_S3_ACCESS_KEY", "minioadmin",
                "INLET_TEST_S3_SECRET_KEY", "miniosecret",
                "INLET_TEST_S3_REGION", "eu-central-1"));

        S3Instance instance = new S3Resolver(env, inProcess).resolve();

        assertThat(instance).isEqualTo(new S3Instance(URI.create("http://minio:9000"), "eu-central-1", "minioadmin",
                "miniosecret", "env"));
        assertThat(starts).hasValue(0);
    }

    @Test
    void envEndpointAloneGetsDefaultRegionAndTestKeys() {
        S3Instance instance = new S3Resolver(Environment.of(Map.of("INLET_TEST_S3_ENDPOINT", "http://s3:9000")),
                inProcess).resolve();

        assertThat(instance.region()).isEqualTo("us-east-1");
        assertThat(instance.accessKey()).isEqualTo(InProcessS3Proxy.ACCESS_KEY);
        assertThat(instance.secretKey()).isEqualTo(InProcessS3Proxy.SECRET_KEY);
    }

    @Test
    void startsS3ProxyWithoutEnvEndpoint() {
        assertThat(new S3Resolver(Environment.of(Map.of()), inProcess).resolve()).isEqualTo(IN_PROCESS);
        assertThat(starts).hasValue(1);
    }

    @Test
    void failedS3ProxyStartNamesTheEnvVariable() {
        S3Resolver resolver = new S3Resolver(Environment.of(Map.of()), () -> {
            throw new IllegalStateException("address in use");
        });

        assertThatIllegalStateException()
                .isThrownBy(resolver::resolve)
                .withMessageContaining("address in use")
                .withMessageContaining("INLET_TEST_S3_ENDPOINT");
    }
}
