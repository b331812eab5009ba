package io.inlet.gateway.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeySecretsTest {

    @Test
    void generatedKeysParseBackAndOnlyTheirSecretMatchesTheHash() {
        ApiKeySecrets.NewKey key = ApiKeySecrets.generate();
        assertThat(key.key()).startsWith("inlet_" + key.id() + "_").hasSize(6 + 16 + 1 + 43);
        ApiKeySecrets.PresentedKey presented = ApiKeySecrets.parse(key.key());
        assertThat(presented.id()).isEqualTo(key.id());
        byte[] hash = ApiKeySecrets.hash(key.secret());
        assertThat(ApiKeySecrets.matches(presented.secret(), hash)).isTrue();
        assertThat(ApiKeySecrets.matches(ApiKeySecrets.generate().secret(), hash)).isFalse();
        assertThat(presented.toString()).doesNotContain(key.secret());
    }

    @Test
    void malformedKeysDoNotParse() {
        String good = ApiKeySecrets.generate().key();
        assertThat(ApiKeySecrets.parse(null)).isNull();
        assertThat(ApiKeySecrets.parse("")).isNull();
        assertThat(ApiKeySecrets.parse(good.substring(1))).isNull();
        assertThat(ApiKeySecrets.parse("x" + good.substring(1))).isNull();
        assertThat(ApiKeySecrets.parse(good.substring(0, good.length() - 1) + "!")).isNull();
        assertThat(ApiKeySecrets.parse(good.toUpperCase())).isNull();
    }
}
