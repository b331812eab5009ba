package io.inlet.registry.it;

import static io.inlet.registry.it.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.registry.it.RegistryHttp.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;

/** Racing registrations of one schema yield one id and one version. */
class ConcurrentRegistrationIT extends RegistryIntegrationTest {

    @RepeatedTest(3)
    void concurrentRegistrationsOfTheSameSchemaYieldOneId() throws Exception {
        String subject = uniqueSubject("race");
        String schema = "{\"title\":\"" + subject + "\",\"type\":\"object\"}";
        int writers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Response>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return admin().post("/subjects/" + subject + "/versions", schemaBody(schema));
                }));
            }
            start.countDown();
            List<Long> ids = new ArrayList<>();
            for (Future<Response> result : results) {
                Response response = result.get(30, TimeUnit.SECONDS);
                assertThat(response.status()).as(response.body()).isEqualTo(200);
                ids.add(response.json().get("id").asLong());
            }
            assertThat(ids).hasSize(writers).containsOnly(ids.get(0));
            assertThat(http().get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1]");
        } finally {
            pool.shutdownNow();
        }
    }

    @RepeatedTest(2)
    void concurrentRegistrationsOfDifferentSchemasGetConsecutiveVersions() throws Exception {
        String subject = uniqueSubject("race.versions");
        int writers = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Response>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String schema = "{\"title\":\"" + subject + "\",\"type\":\"object\",\"properties\":{\"p" + i
                        + "\":{\"type\":\"string\"}}}";
                results.add(pool.submit(() -> {
                    start.await();
                    return admin().post("/subjects/" + subject + "/versions", schemaBody(schema));
                }));
            }
            start.countDown();
            List<Long> ids = new ArrayList<>();
            for (Future<Response> result : results) {
                Response response = result.get(30, TimeUnit.SECONDS);
                assertThat(response.status()).as(response.body()).isEqualTo(200);
                ids.add(response.json().get("id").asLong());
            }
            assertThat(ids).doesNotHaveDuplicates();
            assertThat(http().get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1,2,3,4,5,6]");
        } finally {
            pool.shutdownNow();
        }
    }

    @RepeatedTest(2)
    void concurrentRegistrationsOfTheSameSchemaUnderTwoSubjectsShareTheId() throws Exception {
        String a = uniqueSubject("race.a");
        String b = uniqueSubject("race.b");
        String schema = "{\"title\":\"" + a + "\",\"type\":\"array\"}";
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Response> first = pool.submit(() -> {
                start.await();
                return admin().post("/subjects/" + a + "/versions", schemaBody(schema));
            });
            Future<Response> second = pool.submit(() -> {
                start.await();
                return admin().post("/subjects/" + b + "/versions", schemaBody(schema));
            });
            start.countDown();
            Response r1 = first.get(30, TimeUnit.SECONDS);
            Response r2 = second.get(30, TimeUnit.SECONDS);
            assertThat(r1.status()).as(r1.body()).isEqualTo(200);
            assertThat(r2.status()).as(r2.body()).isEqualTo(200);
            assertThat(r1.json().get("id").asLong()).isEqualTo(r2.json().get("id").asLong());
        } finally {
            pool.shutdownNow();
        }
    }
}
