package io.inlet.gateway.apikeys;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The admin API for API keys; every call needs the admin token. */
@RestController
@RequestMapping("/v1/admin/api-keys")
@Tag(name = "API keys", description = "Create, list and revoke the API keys producers send events with")
@SecurityRequirement(name = "admin")
class ApiKeyAdminController {

    record CreateApiKeyRequest(@NotBlank @Size(max = 200) String name,
                               @NotEmpty @Size(max = 100) List<@NotBlank String> eventTypes) {
    }

    record ApiKeyView(String id, String name, List<String> eventTypes, Instant createdAt, Instant revokedAt,
                      boolean revoked) {
        static ApiKeyView of(ApiKey key) {
            return new ApiKeyView(key.id(), key.name(), key.eventTypes().stream().map(EventTypePattern::value).toList(),
                    key.createdAt(), key.revokedAt(), key.revoked());
        }
    }

    /** The created key; {@code key} is shown only in this response. */
    record CreatedApiKey(String id, String name, List<String> eventTypes, Instant createdAt, String key) {
    }

    private final ApiKeyService keys;

    ApiKeyAdminController(ApiKeyService keys) {
        this.keys = keys;
    }

    @PostMapping
    @Operation(summary = "Create an API key", description = "The key is in the response and never shown again; "
            + "only a hash of it is stored. eventTypes are patterns: '*' one token, a final '>' the rest.")
    ResponseEntity<CreatedApiKey> create(@Valid @RequestBody CreateApiKeyRequest request) {
        ApiKeyService.IssuedKey issued = keys.create(request.name(), request.eventTypes());
        ApiKey key = issued.apiKey();
        return ResponseEntity.created(URI.create("/v1/admin/api-keys/" + key.id()))
                .body(new CreatedApiKey(key.id(), key.name(),
                        key.eventTypes().stream().map(EventTypePattern::value).toList(), key.createdAt(), issued.key()));
    }

    @GetMapping
    @Operation(summary = "List API keys (revoked ones included; never the keys themselves)")
    List<ApiKeyView> list() {
        return keys.list().stream().map(ApiKeyView::of).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One API key")
    ApiKeyView get(@PathVariable String id) {
        return ApiKeyView.of(keys.get(id));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Revoke an API key", description = "Idempotent. Other gateway instances stop accepting it "
            + "within inlet.gateway.auth.cache-ttl.")
    ResponseEntity<Void> revoke(@PathVariable String id) {
        keys.revoke(id);
        return ResponseEntity.noContent().build();
    }
}
