package io.inlet.lake.schema;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inlet.columns.JsonSchemaMapper;
import io.inlet.columns.UnsupportedSchemaException;
import org.junit.jupiter.api.Test;

class TableSchemaTest {

    @Test
    void aSchemaMayNotDeclareTheLakesMetadataColumns() {
        assertThatThrownBy(() -> TableSchema.forEvents(JsonSchemaMapper.map(
                "{\"type\":\"object\",\"properties\":{\"_inlet_event_id\":{\"type\":\"string\"}}}")))
                .isInstanceOf(UnsupportedSchemaException.class).hasMessageContaining("_inlet_event_id");
    }
}
