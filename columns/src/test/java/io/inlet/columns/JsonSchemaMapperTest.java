package io.inlet.columns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inlet.columns.Column.Kind;
import io.inlet.columns.Column.Primitive;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class JsonSchemaMapperTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void mapsTypesFormatsNestingAndArrays() {
        Column.Struct root = JsonSchemaMapper.map("""
                {"type":"object","additionalProperties":false,"properties":{
                  "s":{"type":"string"}, "e":{"enum":["a","b"]}, "ts":{"type":"string","format":"date-time"},
                  "d":{"type":"string","format":"date"}, "i":{"type":"integer"}, "n":{"type":"number"},
                  "b":{"type":"boolean"}, "maybe":{"type":["string","null"]},
                  "obj":{"type":"object","properties":{"x":{"type":"integer"}}},
                  "list":{"type":"array","items":{"type":"string"}},
                  "free":{"type":"object"}, "either":{"oneOf":[{"type":"string"},{"type":"integer"}]},
                  "ref":{"$ref":"#/$defs/point"}},
                 "$defs":{"point":{"type":"object","additionalProperties":false,"properties":{"x":{"type":"number"}}}}}""");
        assertThat(root.keepsAdditional()).isFalse();
        assertThat(root.fields()).containsExactly(
                new Primitive("s", Kind.STRING), new Primitive("e", Kind.STRING), new Primitive("ts", Kind.TIMESTAMP),
                new Primitive("d", Kind.DATE), new Primitive("i", Kind.LONG), new Primitive("n", Kind.DOUBLE),
                new Primitive("b", Kind.BOOLEAN), new Primitive("maybe", Kind.STRING),
                new Column.Struct("obj", List.of(new Primitive("x", Kind.LONG)), true),
                new Column.ListOf("list", new Primitive("element", Kind.STRING)),
                new Primitive("free", Kind.JSON), new Primitive("either", Kind.JSON),
                new Column.Struct("ref", List.of(new Primitive("x", Kind.DOUBLE)), false));
    }

    @Test
    void recursiveReferencesBecomeJson() {
        Column.Struct root = JsonSchemaMapper.map("""
                {"type":"object","properties":{"node":{"$ref":"#/$defs/node"}},
                 "$defs":{"node":{"type":"object","properties":{"next":{"$ref":"#/$defs/node"}}}}}""");
        Column.Struct node = (Column.Struct) root.field("node").orElseThrow();
        assertThat(node.field("next")).contains(new Primitive("next", Kind.JSON));
    }

    @Test
    void addedOptionalPropertyIsReadableButChangedTypeIsNot() {
        Column.Struct v1 = JsonSchemaMapper.map("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}");
        Column.Struct v2 = JsonSchemaMapper.map(
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"integer\"}}}");
        Column.Struct v3 = JsonSchemaMapper.map("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}}}");
        assertThat(v2.canRead(v1)).isTrue();
        assertThat(v1.canRead(v2)).isFalse();
        assertThat(v3.canRead(v1)).isFalse();
    }

    @Test
    void rejectsNonObjectRoots() {
        assertThatThrownBy(() -> JsonSchemaMapper.map("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}"))
                .isInstanceOf(UnsupportedSchemaException.class);
    }
}
