package io.inlet.lake.api;

import io.inlet.lake.buffer.Lake;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.LocalDate;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read API over the commit log: tables (event types) per lake, their partitions and files with row counts, and
 * samples of the newest error rows of an event type.
 */
@Validated
@RestController
@RequestMapping("/api/lake")
class LakeController {

    private final LakeQueries queries;

    LakeController(LakeQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/tables")
    List<LakeQueries.TableSummary> tables() {
        return queries.tables();
    }

    @GetMapping("/{lake}/tables/{table}/partitions")
    List<LakeQueries.PartitionSummary> partitions(@PathVariable String lake, @PathVariable String table) {
        return queries.partitions(Lake.fromId(lake).id(), table);
    }

    @GetMapping("/{lake}/tables/{table}/files")
    List<LakeQueries.FileEntry> files(@PathVariable String lake, @PathVariable String table,
                                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                                      LocalDate dt,
                                      @RequestParam(required = false) @Min(0) @Max(23) Integer hr,
                                      @RequestParam(defaultValue = "1000") @Min(1) @Max(10000) int limit) {
        return queries.files(Lake.fromId(lake).id(), table, dt, hr, limit);
    }

    @GetMapping("/errors/{eventType}/samples")
    List<LakeQueries.ErrorSample> errorSamples(@PathVariable String eventType,
                                               @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
        return queries.errorSamples(eventType, limit);
    }
}
