-- Compaction: a file written from other files of its partition replaces them in one transaction (their lake_file
-- rows go, their origin ranges move to it). What it replaced stays here: the table format needs it to finish the
-- switch after a crash (Iceberg: a rewrite commit), and the folder layout deletes the replaced objects after it.
create table lake_compacted_file (
    file_id     bigint      not null references lake_file (id) on delete cascade,  -- the compacted file
    replaced_id bigint      not null,                -- the id the replaced file had in lake_file
    object_key  text        not null,
    size_bytes  bigint      not null,
    row_count   integer     not null,
    replaced_at timestamptz not null default now(),
    deleted_at  timestamptz,                         -- when the replaced object was deleted (folder layout)
    primary key (file_id, replaced_id)
);
create index lake_compacted_file_undeleted on lake_compacted_file (file_id) where deleted_at is null;
-- Closed partitions with many or small files are found from here.
create index lake_file_partition_published on lake_file (lake, table_name, dt, hr) where published_at is not null;
