package io.inlet.pipeline.it;

import io.inlet.testsupport.Infrastructure;
import io.nats.client.Connection;
import org.junit.jupiter.api.AfterAll;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The set-up of ITs whose tests share one pipeline-service and one NATS connection for the whole class:
 * {@link #startPipeline} in the subclass's {@code @BeforeAll} (after it registered its schemas and pipelines),
 * both closed after the class.
 */
abstract class SharedPipelineIT {

    static Connection nats;
    static ConfigurableApplicationContext app;

    static void startPipeline(String prefix, String group, String registryUrl, String... extra) {
        nats = Infrastructure.nats().connect();
        app = PipelineApps.start(prefix, group, registryUrl, extra);
    }

    @AfterAll
    static void stopPipeline() throws InterruptedException {
        if (app != null) {
            app.close();
            app = null;
        }
        if (nats != null) {
            nats.close();
            nats = null;
        }
    }
}
