package io.inlet.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

class S3IT {

    private final S3Instance s3 = Infrastructure.s3();

    @Test
    void resolvesOncePerJvm() {
        assertThat(Infrastructure.s3()).isSameAs(s3);
        assertThat(s3.origin()).isIn("env", "s3proxy");
    }

    @Test
    void putsAndGetsAnObjectInAFreshBucket() {
        String bucket = s3.createBucket("S3 IT");
        String key = "lake/dt=2024-01-01/part-0.txt";

        try (S3Client client = s3.client()) {
            client.putObject(request -> request.bucket(bucket).key(key),
                    RequestBody.fromString("hello lake", StandardCharsets.UTF_8));

            String body = client.getObjectAsBytes(request -> request.bucket(bucket).key(key)).asUtf8String();

            assertThat(body).isEqualTo("hello lake");
            assertThat(client.listObjectsV2(request -> request.bucket(bucket)).contents())
                    .extracting(S3Object::key)
                    .containsExactly(key);
        }
        assertThat(bucket).matches("s3-it-[a-z0-9]{8}");
    }
}
