-- The pipeline steps declared for a subject (= event type), replaced as a whole by each PUT.
-- revision grows by one with every change (a DELETE stores no steps under a new revision), so a
-- cached copy can be compared with the stored one.
create table subject_pipeline (
    subject    varchar(100) primary key,
    revision   bigint       not null,
    steps      jsonb        not null,
    updated_at timestamptz  not null default now()
);
