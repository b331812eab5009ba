package io.inlet.lake.dryrun;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/lake/dry-runs} (admin token): tests a candidate schema against recent events of its type and
 * answers 200 with a {@link DryRunReport}; registers nothing. Errors are RFC 9457 problems: 400 for a request
 * that cannot run, 404 for an unregistered version, 429 when too many run at once, 503 when the registry did not
 * answer.
 */
@RestController
@RequestMapping("/api/lake/dry-runs")
class DryRunController {

    private final DryRun dryRun;

    DryRunController(DryRun dryRun) {
        this.dryRun = dryRun;
    }

    @PostMapping
    DryRunReport run(@RequestBody(required = false) DryRunRequest request) {
        return dryRun.run(request);
    }
}
