-- Replays from the error lake (io.inlet.lake.replay): one row per replay, its selection, progress and lease.
create table lake_replay (
    id             text        primary key,
    event_type     text        not null,
    selection      jsonb       not null,          -- what it replays (ReplaySelection as JSON)
    target_version integer,                       -- the schema version the events are pinned to, null: latest
    rate_per_second integer    not null,
    status         text        not null,          -- running, done, failed, cancelled
    last_file_id   bigint      not null,          -- the newest error file when it started: it never chases its own
    cursor_file_id bigint      not null default 0,-- progress: files up to it are done, then rows before cursor_row
    cursor_row     bigint      not null default 0,
    files_total    integer     not null,
    files_done     integer     not null default 0,
    scanned        bigint      not null default 0, -- error rows read
    matched        bigint      not null default 0, -- of them selected
    sent           bigint      not null default 0, -- published to inlet.raw (confirmed by JetStream)
    message        text,                           -- why it failed or was cancelled
    lease_owner    text,
    lease_until    timestamptz,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now(),
    finished_at    timestamptz
);
create index lake_replay_status on lake_replay (status, created_at);

-- Which replay took which error-lake row where: one row per event sent (replays are of the error lake, bounded).
-- The first replay of an event (type, id) fixes its replay origin; later replays of it reuse that origin, so the
-- data lake takes the event once however often it is replayed.
create table lake_replayed_event (
    replay_id     text        not null references lake_replay (id),
    event_type    text        not null,
    event_id      text        not null,
    error_file_id bigint      not null,
    row_position  bigint      not null,
    origin_stream text        not null,
    origin_key    bigint      not null,
    replayed_at   timestamptz not null default now(),
    primary key (replay_id, error_file_id, row_position)
);
create index lake_replayed_event_id on lake_replayed_event (event_type, event_id, replayed_at);
