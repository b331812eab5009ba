#!/usr/bin/env bash
# Sends generated events to the gateway in NDJSON batches.
#   examples/generate-events.sh [event-type] [count] [batch-size]
# Reads INLET_GATEWAY and INLET_API_KEY from the environment or from .local/env (written by the local runner).
# Only page.viewed events are generated (valid under schemas v1 and v2); every 50th breaks the schema on purpose
# (negative duration) so the error lake has something to show.
set -euo pipefail
type=${1:-page.viewed}
count=${2:-1000}
batch=${3:-500}
if [ -z "${INLET_GATEWAY:-}" ] || [ -z "${INLET_API_KEY:-}" ]; then
  env_file=${INLET_LOCAL_DIR:-.local}/env
  [ -f "$env_file" ] || { echo "INLET_GATEWAY / INLET_API_KEY not set and no $env_file: start the local runner first" >&2; exit 1; }
  # shellcheck disable=SC1090
  . "$env_file"
fi
[ "$type" = page.viewed ] || { echo "only page.viewed events can be generated" >&2; exit 1; }

sent=0
while [ "$sent" -lt "$count" ]; do
  n=$(( count - sent < batch ? count - sent : batch ))
  body=$(for i in $(seq $((sent + 1)) $((sent + n))); do
    duration=$(( i % 50 == 0 ? -1 : (i * 37) % 9000 ))
    printf '{"user_id":"u-%d","session_id":"s-%d","url":"https://shop.example.com/p/%d","viewed_at":"%s","duration_ms":%d}\n' \
      $(( i % 97 )) $(( i / 10 )) $(( i % 500 )) "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$duration"
  done)
  status=$(printf '%s\n' "$body" | curl -sS -o /tmp/inlet-generate-response.$$ -w '%{http_code}' -X POST \
    "$INLET_GATEWAY/v1/events/$type" \
    -H "Authorization: Bearer $INLET_API_KEY" \
    -H 'Content-Type: application/x-ndjson' \
    --data-binary @-)
  if [ "$status" != 202 ]; then
    echo "gateway answered HTTP $status:" >&2; cat /tmp/inlet-generate-response.$$ >&2; echo >&2
    rm -f /tmp/inlet-generate-response.$$; exit 1
  fi
  sent=$(( sent + n ))
  echo "sent $sent/$count"
done
rm -f /tmp/inlet-generate-response.$$
