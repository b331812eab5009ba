package io.inlet.lake.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.inlet.contracts.EventType;
import io.inlet.columns.Column;
import io.inlet.lake.schema.TableResolver;
import io.inlet.lake.support.TestRegistry;
import io.inlet.registryclient.RegistryClient;
import io.inlet.registryclient.RegistryClientException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lake's columns for an event type whose pipeline is a sql step: the statement's output row type. */
class StatementOutputTablesTest {

    private static final String TYPE = "shop.order.placed";
    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"order_id\":{\"type\":\"string\"},"
            + "\"customer\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}}}}}";

    private final TestRegistry registry = new TestRegistry();
    private final AtomicLong nanos = new AtomicLong();
    private final RegistryClient client = RegistryClient.builder(registry.url())
            .refreshAfterWrite(Duration.ofMinutes(1)).ticker(nanos::get).build();

    @AfterEach
    void close() {
        client.close();
        registry.close();
    }

    private static String sqlStep(String statement, String outputProperties) {
        return "[{\"type\":\"sql\",\"statement\":\"" + statement + "\",\"output\":{\"type\":\"object\","
                + "\"properties\":" + outputProperties + ",\"additionalProperties\":false}}]";
    }

    private static List<String> columns(TableResolver.TableSpec table) {
        return table.schema().root().fields().stream().map(Column::name).filter(n -> !n.startsWith("_inlet_"))
                .toList();
    }

    @Test
    void aSqlStepsOutputIsTheTableAndANewRevisionIsPickedUp() {
        registry.register(TYPE, SCHEMA);
        TableResolver tables = new TableResolver(client);
        assertThat(columns(tables.resolve(EventType.of(TYPE), 1))).containsExactly("order_id", "customer");

        registry.pipeline(TYPE, 1, sqlStep("SELECT order_id, event.customer.id AS customer_id FROM event",
                "{\"order_id\":{\"type\":[\"string\",\"null\"]},\"customer_id\":{\"type\":[\"integer\",\"null\"]}}"));
        nanos.addAndGet(Duration.ofMinutes(2).toNanos());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                columns(tables.resolve(EventType.of(TYPE), 1))).containsExactly("order_id", "customer_id"));
        TableResolver.TableSpec table = tables.resolve(EventType.of(TYPE), 1);
        assertThat(table.schema().root().field("customer_id")).hasValueSatisfying(c -> assertThat(c)
                .isEqualTo(new Column.Primitive("customer_id", Column.Kind.LONG)));
        assertThat(table.tableName()).isEqualTo(TYPE);
    }

    @Test
    void aFrameOfAGivenPipelineRevisionGetsThatRevisionsColumnsWhateverIsCurrent() {
        registry.register(TYPE, SCHEMA);
        registry.pipeline(TYPE, 1, sqlStep("SELECT order_id FROM event", "{\"order_id\":{\"type\":[\"string\",\"null\"]}}"));
        registry.pipeline(TYPE, 2, sqlStep("SELECT event.customer.id AS customer_id FROM event",
                "{\"customer_id\":{\"type\":[\"integer\",\"null\"]}}"));
        TableResolver tables = new TableResolver(client);
        EventType type = EventType.of(TYPE);

        assertThat(columns(tables.resolve(type, 1))).as("current: revision 2").containsExactly("customer_id");
        assertThat(columns(tables.resolve(type, 1, 1L))).containsExactly("order_id");
        assertThat(columns(tables.resolve(type, 1, 2L))).containsExactly("customer_id");
        assertThat(columns(tables.resolve(type, 1, 0L))).as("no step: the schema's").containsExactly("order_id",
                "customer");
        assertThatThrownBy(() -> tables.resolve(type, 1, 3L)).isInstanceOfSatisfying(RegistryClientException.class,
                e -> assertThat(e.notFound()).isTrue());
        assertThat(registry.requests()).contains("GET /subjects/" + TYPE + "/pipeline/revisions/1");
    }
}
