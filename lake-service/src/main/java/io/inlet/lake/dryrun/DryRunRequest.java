package io.inlet.lake.dryrun;

import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/lake/dry-runs}: a candidate schema ({@code schema}, a JSON Schema object) or a
 * registered {@code version}, and what to sample. Checked by {@link DryRunSpec#of}.
 *
 * @param source {@code valid}, {@code errors} or {@code both} (default)
 * @param limit  how many events at most (default and maximum: {@link DryRunProperties})
 * @param from   RFC 3339; only events received at or after it
 * @param to     RFC 3339; only events received before it
 */
public record DryRunRequest(String eventType, JsonNode schema, Integer version, String source, Integer limit,
                            String from, String to) {
}
