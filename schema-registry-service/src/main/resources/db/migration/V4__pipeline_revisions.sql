-- Every revision of a subject's pipeline, so that a stage can read the revision a frame was made by
-- (GET /subjects/{s}/pipeline/revisions/{n}); subject_pipeline keeps the current one.
create table subject_pipeline_revision (
    subject    varchar(100) not null,
    revision   bigint       not null,
    steps      jsonb        not null,
    created_at timestamptz  not null default now(),
    primary key (subject, revision)
);

insert into subject_pipeline_revision (subject, revision, steps)
select subject, revision, steps from subject_pipeline where revision > 0;
