package io.inlet.gateway.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Describes the API and its two credentials in {@code /v3/api-docs} (and Swagger UI). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    @Bean
    OpenAPI gatewayOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Inlet gateway")
                        .description("HTTP ingestion of JSON events into Inlet. A 202 means every event of the "
                                + "request is stored in NATS JetStream; any other answer means none may be "
                                + "assumed stored, and a retry with the same event ids is safe. Errors are RFC 9457 "
                                + "problem details.")
                        .license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0")))
                .components(new Components()
                        .addSecuritySchemes("apiKey", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("An API key: inlet_<id>_<secret>"))
                        .addSecuritySchemes("admin", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("The admin token (inlet.gateway.auth.admin-token)")));
    }
}
