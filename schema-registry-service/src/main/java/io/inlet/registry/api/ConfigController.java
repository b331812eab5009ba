package io.inlet.registry.api;

import io.inlet.contracts.EventType;
import io.inlet.registry.api.ConfluentDtos.ConfigResponse;
import io.inlet.registry.api.ConfluentDtos.ConfigUpdateRequest;
import io.inlet.registry.api.ConfluentDtos.ConfigUpdateResponse;
import io.inlet.registry.compat.CompatibilityLevel;
import io.inlet.registry.compat.CompatibilityPolicy;
import io.inlet.registry.config.ConfigService;
import io.inlet.registry.config.SubjectConfigNotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/config",
        produces = {ConfluentMediaTypes.V1_JSON, ConfluentMediaTypes.JSON, MediaType.APPLICATION_JSON_VALUE})
@Tag(name = "Config", description = "Compatibility levels and policies, global and per subject (the subject's wins)")
class ConfigController {

    private final ConfigService config;

    ConfigController(ConfigService config) {
        this.config = config;
    }

    @GetMapping
    @Operation(summary = "The global compatibility level (and policy, when one is stored)")
    ConfigResponse global() {
        return new ConfigResponse(config.global().name(), name(config.storedGlobalPolicy()));
    }

    @PutMapping
    @Operation(summary = "Set the global compatibility level and/or policy (LENIENT or STRICT)")
    ConfigUpdateResponse setGlobal(@RequestBody ConfigUpdateRequest request) {
        CompatibilityPolicy policy = policy(request);
        if (level(request) == null && policy != null) {
            config.setGlobalPolicy(policy);
            return new ConfigUpdateResponse(null, policy.name());
        }
        CompatibilityLevel level = config.setGlobal(ConfigService.parseLevel(level(request)), policy);
        return new ConfigUpdateResponse(level.name(), policy == null ? null : policy.name());
    }

    @DeleteMapping
    @Operation(summary = "Reset the global level and policy to the configured defaults; returns the previous level")
    ConfigResponse resetGlobal() {
        Optional<CompatibilityPolicy> policy = config.storedGlobalPolicy();
        return new ConfigResponse(config.resetGlobal().name(), name(policy));
    }

    @GetMapping("/{subject}")
    @Operation(summary = "A subject's own level and policy; with defaultToGlobal=true the ones in force")
    ConfigResponse subject(@PathVariable String subject, @RequestParam(defaultValue = "false") boolean defaultToGlobal) {
        EventType type = EventType.of(subject);
        if (defaultToGlobal) {
            return new ConfigResponse(config.effective(type).name(), config.effectivePolicy(type).name());
        }
        Optional<CompatibilityLevel> level = config.subjectLevel(type);
        Optional<CompatibilityPolicy> policy = config.subjectPolicy(type);
        if (level.isEmpty() && policy.isEmpty()) {
            throw new SubjectConfigNotFoundException(subject);
        }
        return new ConfigResponse(level.map(Enum::name).orElse(null), name(policy));
    }

    @PutMapping("/{subject}")
    @Operation(summary = "Set a subject's own level and/or policy (LENIENT or STRICT)")
    ConfigUpdateResponse setSubject(@PathVariable String subject, @RequestBody ConfigUpdateRequest request) {
        EventType type = EventType.of(subject);
        CompatibilityPolicy policy = policy(request);
        if (level(request) == null && policy != null) {
            config.setSubjectPolicy(type, policy);
            return new ConfigUpdateResponse(null, policy.name());
        }
        CompatibilityLevel level = config.setSubject(type, ConfigService.parseLevel(level(request)), policy);
        return new ConfigUpdateResponse(level.name(), policy == null ? null : policy.name());
    }

    @DeleteMapping("/{subject}")
    @Operation(summary = "Remove a subject's own level and policy; returns the level")
    ConfigResponse deleteSubject(@PathVariable String subject) {
        EventType type = EventType.of(subject);
        Optional<CompatibilityPolicy> policy = config.subjectPolicy(type);
        return new ConfigResponse(config.deleteSubject(type).name(), name(policy));
    }

    private static String level(ConfigUpdateRequest request) {
        return request == null ? null : request.compatibility();
    }

    private static CompatibilityPolicy policy(ConfigUpdateRequest request) {
        return request == null || request.compatibilityPolicy() == null ? null
                : ConfigService.parsePolicy(request.compatibilityPolicy());
    }

    private static String name(Optional<CompatibilityPolicy> policy) {
        return policy.map(Enum::name).orElse(null);
    }
}
