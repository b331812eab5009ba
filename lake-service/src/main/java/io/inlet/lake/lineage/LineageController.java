package io.inlet.lake.lineage;

import java.time.Instant;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/lake/lineage/{eventType}/{eventId}} and {@code GET /api/lake/lineage/requests/{requestId}}, each
 * with optional {@code from}/{@code to} (RFC 3339) bounding the search.
 */
@RestController
@RequestMapping("/api/lake/lineage")
class LineageController {

    private final LineageService lineage;

    LineageController(LineageService lineage) {
        this.lineage = lineage;
    }

    @GetMapping("/requests/{requestId}")
    LineageService.RequestLineage request(@PathVariable String requestId,
                                          @RequestParam(required = false)
                                          @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                                          @RequestParam(required = false)
                                          @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to) {
        return lineage.request(requestId, from, to);
    }

    @GetMapping("/{eventType}/{eventId}")
    EventLineage event(@PathVariable String eventType, @PathVariable String eventId,
                       @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                       @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to) {
        return lineage.event(eventType, eventId, from, to);
    }
}
