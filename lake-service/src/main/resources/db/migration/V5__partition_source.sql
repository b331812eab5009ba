-- Partitions of a column other than received-at (inlet.lake.partitioning.*): a file's partition is the hour of
-- partition_source (null: _inlet_received_at, as for every file before V5), dt and hr are null for the null partition
-- (rows whose source value is null). Since a file's rows may then have been received at any time, the received-at
-- range of its rows is kept too: lineage and dry runs select files by it (null before V5: dt and hr tell it).
alter table lake_file
    alter column dt drop not null,
    alter column hr drop not null,
    add column partition_source text,
    add column received_from    timestamptz,
    add column received_to      timestamptz;
