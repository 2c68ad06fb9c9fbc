-- The last rebuild asked for per read model, so its status survives a restart of the node that ran it
-- (the processor's replay tokens survive too, and the rebuild carries on where it stopped).
create table projection_replay (
    projection   varchar(100) primary key,
    state        varchar(10)  not null check (state in ('RUNNING', 'COMPLETED', 'FAILED')),
    requested_by varchar(255) not null,
    started_at   timestamptz  not null,
    finished_at  timestamptz,
    head         bigint       not null,
    -- why the rebuild could not start (FAILED): another node holds the processor, or the reset failed
    error        text
);
