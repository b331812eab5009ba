package io.inlet.lake.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.S3Instance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** The object-store contract against a real S3 API (S3Proxy), plus multipart uploads. */
class S3StorageIT extends ObjectStoreContract {

    private static S3Client client;
    private String bucket;

    @BeforeAll
    static void client() {
        client = Infrastructure.s3().client();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @BeforeEach
    void newBucket() {
        bucket = Infrastructure.s3().createBucket("lake-store");
    }

    @Override
    ObjectStore store() {
        return new S3Storage(client, 64 * MB, 16 * MB);
    }

    @Override
    String bucket() {
        return bucket;
    }

    private static final long MB = 1024 * 1024;

    @Test
    void uploadsBigFilesInPartsAndSmallOnesInOnePut() throws Exception {
        S3Instance s3 = Infrastructure.s3();
        String bucket = s3.createBucket("lake-storage");
        {
            S3Storage storage = new S3Storage(client, 6 * MB, 5 * MB);
            byte[] big = new byte[(int) (12 * MB + 123)];
            new Random(7).nextBytes(big);
            Path bigFile = Files.createTempFile("big", ".bin");
            Files.write(bigFile, big);
            Path smallFile = Files.createTempFile("small", ".bin");
            Files.writeString(smallFile, "small");

            storage.upload(bucket, "_staging/big", bigFile);
            storage.upload(bucket, "_staging/small", smallFile);

            assertThat(client.getObjectAsBytes(r -> r.bucket(bucket).key("_staging/big")).asByteArray()).isEqualTo(big);
            assertThat(client.headObject(r -> r.bucket(bucket).key("_staging/big")).eTag()).contains("-3");
            storage.copy(bucket, "_staging/small", "t/dt=2026-01-01/hr=00/small");
            storage.delete(bucket, "_staging/small");
            assertThat(storage.exists(bucket, "_staging/small")).isFalse();
            assertThat(storage.exists(bucket, "t/dt=2026-01-01/hr=00/small")).isTrue();
            assertThat(storage.list(bucket, "_staging/")).extracting(ObjectStore.StoredObject::key)
                    .containsExactly("_staging/big");
            Files.delete(bigFile);
            Files.delete(smallFile);
        }
    }
}
