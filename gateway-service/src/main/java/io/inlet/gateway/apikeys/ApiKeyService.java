package io.inlet.gateway.apikeys;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.inlet.contracts.EventType;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Creates, lists and revokes API keys, and authenticates the keys that requests present. */
@Service
public class ApiKeyService {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyService.class);

    /** A key just created: the only time the full key is ever returned. */
    public record IssuedKey(ApiKey apiKey, String key) {
        @Override
        public String toString() {
            return "IssuedKey[" + apiKey + ", key=****]";
        }
    }

    private final ApiKeyRepository repository;
    private final Clock clock;
    private final Cache<String, Optional<ApiKeyRepository.StoredKey>> cache;

    ApiKeyService(ApiKeyRepository repository, ApiKeyProperties properties) {
        this.repository = repository;
        this.clock = Clock.systemUTC();
        this.cache = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(properties.cacheTtl()).build();
    }

    public IssuedKey create(String name, List<String> eventTypePatterns) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new InvalidApiKeyRequestException("name must be 1 to 200 characters");
        }
        if (eventTypePatterns == null || eventTypePatterns.isEmpty()) {
            throw new InvalidApiKeyRequestException("eventTypes must list at least one event type pattern");
        }
        List<EventTypePattern> patterns = new LinkedHashSet<>(eventTypePatterns).stream()
                .map(EventTypePattern::new).toList();
        ApiKeySecrets.NewKey secret = ApiKeySecrets.generate();
        ApiKey key = new ApiKey(secret.id(), name.strip(), patterns, clock.instant().truncatedTo(ChronoUnit.MICROS),
                null);
        repository.insert(key, ApiKeySecrets.hash(secret.secret()));
        log.info("Created API key {} ('{}') for event types {}", key.id(), key.name(), patterns);
        return new IssuedKey(key, secret.key());
    }

    public List<ApiKey> list() {
        return repository.findAll();
    }

    public ApiKey get(String id) {
        return repository.find(id).orElseThrow(() -> new ApiKeyNotFoundException(id));
    }

    public ApiKey revoke(String id) {
        if (!repository.revoke(id, clock.instant().truncatedTo(ChronoUnit.MICROS))) {
            throw new ApiKeyNotFoundException(id);
        }
        cache.invalidate(id);
        log.info("Revoked API key {}", id);
        return get(id);
    }

    /**
     * The key behind an {@code Authorization} header value.
     *
     * @throws AuthenticationFailedException when there is no usable, valid, unrevoked key
     */
    public ApiKey authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new AuthenticationFailedException("missing-credentials",
                    "Send the API key as 'Authorization: Bearer <api key>'");
        }
        String value = authorization.strip();
        if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new AuthenticationFailedException("unsupported-credentials",
                    "Only bearer API keys are accepted: 'Authorization: Bearer <api key>'");
        }
        ApiKeySecrets.PresentedKey presented = ApiKeySecrets.parse(value.substring(7).strip());
        if (presented == null) {
            throw new AuthenticationFailedException("invalid-api-key", "The API key is malformed");
        }
        Optional<ApiKeyRepository.StoredKey> stored = cache.get(presented.id(), repository::findStored);
        if (stored.isEmpty() || !ApiKeySecrets.matches(presented.secret(), stored.get().secretHash())) {
            throw new AuthenticationFailedException("invalid-api-key", "The API key is not valid");
        }
        ApiKey key = stored.get().key();
        if (key.revoked()) {
            throw new AuthenticationFailedException("revoked-api-key", "The API key " + key.id() + " was revoked at "
                    + key.revokedAt());
        }
        return key;
    }

    /** @throws EventTypeNotAllowedException unless the key is scoped to the type */
    public static void authorize(ApiKey key, EventType type) {
        if (!key.allows(type)) {
            throw new EventTypeNotAllowedException(key.id(), type);
        }
    }
}
