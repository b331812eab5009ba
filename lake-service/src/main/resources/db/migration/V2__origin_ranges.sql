-- Exactly-once by origin: per committed file, the ranges of its events' origin keys (Origin.key(): the raw
-- message's stream sequence << 16 | the event's index in it), one row per origin stream (one in practice), instead
-- of a row per event. Ranges of one origin stream never overlap across files, lakes or event types unless the same
-- event was committed twice, which the lake's commit refuses (see ARCHITECTURE.md, "Lake commit protocol").
create table lake_file_origin (
    file_id       bigint         not null references lake_file (id) on delete cascade,
    lake          text           not null,
    event_type    text           not null,
    origin_stream text           not null,          -- the raw stream's incarnation, <name>@<created epoch ms>
    ranges        int8multirange not null,          -- [key, endKey) of the file's events, merged
    primary key (file_id, origin_stream)
);
create index lake_file_origin_ranges on lake_file_origin using gist (ranges);

-- A row per event is what the origin ranges replace; its janitor job (forgetting old ids) goes with it.
drop table lake_event;

comment on column lake_file.stream_sequences is 'unused since V4 (origins are in lake_file_origin)';
