package io.inlet.registry.api;

import io.inlet.contracts.EventType;
import io.inlet.registry.api.ConfluentDtos.ConfigResponse;
import io.inlet.registry.api.ConfluentDtos.ConfigUpdateRequest;
import io.inlet.registry.api.ConfluentDtos.ConfigUpdateResponse;
import io.inlet.registry.config.ConfigService;
import io.inlet.registry.config.SubjectConfigNotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Config", description = "Compatibility levels, global and per subject (the subject's wins)")
class ConfigController {

    private final ConfigService config;

    ConfigController(ConfigService config) {
        this.config = config;
    }

    @GetMapping
    @Operation(summary = "The global compatibility level")
    ConfigResponse global() {
        return new ConfigResponse(config.global().name());
    }

    @PutMapping
    @Operation(summary = "Set the global compatibility level")
    ConfigUpdateResponse setGlobal(@RequestBody ConfigUpdateRequest request) {
        return new ConfigUpdateResponse(config.setGlobal(ConfigService.parseLevel(level(request))).name());
    }

    @DeleteMapping
    @Operation(summary = "Reset the global level to the configured default; returns the previous level")
    ConfigResponse resetGlobal() {
        return new ConfigResponse(config.resetGlobal().name());
    }

    @GetMapping("/{subject}")
    @Operation(summary = "A subject's own level; with defaultToGlobal=true the level in force")
    ConfigResponse subject(@PathVariable String subject, @RequestParam(defaultValue = "false") boolean defaultToGlobal) {
        EventType type = EventType.of(subject);
        if (defaultToGlobal) {
            return new ConfigResponse(config.effective(type).name());
        }
        return new ConfigResponse(config.subjectLevel(type)
                .orElseThrow(() -> new SubjectConfigNotFoundException(subject)).name());
    }

    @PutMapping("/{subject}")
    @Operation(summary = "Set a subject's own level")
    ConfigUpdateResponse setSubject(@PathVariable String subject, @RequestBody ConfigUpdateRequest request) {
        EventType type = EventType.of(subject);
        return new ConfigUpdateResponse(config.setSubject(type, ConfigService.parseLevel(level(request))).name());
    }

    @DeleteMapping("/{subject}")
    @Operation(summary = "Remove a subject's own level; returns it")
    ConfigResponse deleteSubject(@PathVariable String subject) {
        return new ConfigResponse(config.deleteSubject(EventType.of(subject)).name());
    }

    private static String level(ConfigUpdateRequest request) {
        return request == null ? null : request.compatibility();
    }
}
