-- The lake's commit log: a file is part of the lake once its row here is committed (see ARCHITECTURE.md).
create table lake_file (
    id                 bigserial primary key,
    lake               text        not null,            -- 'data' or 'errors'
    bucket             text        not null,
    event_type         text        not null,
    table_name         text        not null,            -- <eventType> or <eventType>@v<N>
    dt                 date        not null,
    hr                 smallint    not null,
    object_key         text        not null,            -- where the file is (published) or will be
    staging_key        text        not null,            -- where it was uploaded before the commit
    row_count          integer     not null,
    size_bytes         bigint      not null,
    min_schema_version integer,
    max_schema_version integer,
    stream             text        not null,
    stream_sequences   int8multirange,                  -- the JetStream stream sequences the rows came from
    committed_at       timestamptz not null default now(),
    published_at       timestamptz,                     -- null while the file is still only in staging
    unique (bucket, object_key)
);
create index lake_file_unpublished on lake_file (committed_at) where published_at is null;
create index lake_file_table on lake_file (lake, table_name, dt, hr);

-- Every committed event id, for de-duplication of redeliveries: one event is in one file only.
create table lake_event (
    lake         text        not null,
    event_type   text        not null,
    event_id     text        not null,
    file_id      bigint      not null,
    committed_at timestamptz not null default now(),
    primary key (lake, event_type, event_id)
);
create index lake_event_committed_at on lake_event (committed_at);

-- The newest error rows per event type, for the samples API.
create table lake_error_sample (
    id          bigserial primary key,
    event_type  text        not null,
    event_id    text        not null,
    stage       text        not null,
    reason      text,
    violations  jsonb       not null,
    payload     text,
    received_at timestamptz not null,
    file_id     bigint      not null,
    recorded_at timestamptz not null default now()
);
create index lake_error_sample_type on lake_error_sample (event_type, id desc);
