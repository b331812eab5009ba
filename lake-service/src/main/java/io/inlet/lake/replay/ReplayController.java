package io.inlet.lake.replay;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/lake/replays}: {@code POST} starts a replay (201, its progress) or, with {@code "dryRun": true},
 * answers its dry run (200); {@code GET /{id}} shows progress; {@code GET} lists; {@code POST /{id}/resume} runs a
 * paused replay again; {@code DELETE /{id}} cancels.
 */
@Validated
@RestController
@RequestMapping("/api/lake/replays")
class ReplayController {

    private final ReplayService replays;

    ReplayController(ReplayService replays) {
        this.replays = replays;
    }

    @PostMapping
    ResponseEntity<?> start(@RequestBody ReplayRequest request) {
        if (request.isDryRun()) {
            return ResponseEntity.ok(replays.dryRun(request));
        }
        Replay replay = replays.start(request);
        return ResponseEntity.created(URI.create("/api/lake/replays/" + replay.id())).body(replay);
    }

    @GetMapping("/{id}")
    Replay get(@PathVariable String id) {
        return replays.get(id);
    }

    @GetMapping
    List<Replay> list(@RequestParam(required = false) String eventType,
                      @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int limit) {
        return replays.list(eventType, limit);
    }

    @PostMapping("/{id}/resume")
    Replay resume(@PathVariable String id) {
        return replays.resume(id);
    }

    @DeleteMapping("/{id}")
    Replay cancel(@PathVariable String id) {
        return replays.cancel(id);
    }
}
