-- Axon Framework's JDBC storage (PostgresEventTableFactory, PostgresTokenTableFactory, PostgresSagaSqlSchema),
-- created here because Axon never creates its own schema.
create table domainevententry (
    globalindex         bigserial    not null,
    aggregateidentifier varchar(255) not null,
    sequencenumber      bigint       not null,
    type                varchar(255),
    eventidentifier     varchar(255) not null,
    metadata            bytea,
    payload             bytea        not null,
    payloadrevision     varchar(255),
    payloadtype         varchar(255) not null,
    timestamp           varchar(255) not null,
    primary key (globalindex),
    unique (aggregateidentifier, sequencenumber),
    unique (eventidentifier)
);

create table snapshotevententry (
    aggregateidentifier varchar(255) not null,
    sequencenumber      bigint       not null,
    type                varchar(255) not null,
    eventidentifier     varchar(255) not null,
    metadata            bytea,
    payload             bytea        not null,
    payloadrevision     varchar(255),
    payloadtype         varchar(255) not null,
    timestamp           varchar(255) not null,
    primary key (aggregateidentifier, sequencenumber),
    unique (eventidentifier)
);

create table tokenentry (
    processorname varchar(255) not null,
    segment       integer      not null,
    token         bytea,
    tokentype     varchar(255),
    timestamp     varchar(255),
    owner         varchar(255),
    primary key (processorname, segment)
);

create table sagaentry (
    sagaid         varchar(255) not null primary key,
    revision       varchar(255),
    sagatype       varchar(255),
    serializedsaga bytea
);

create table associationvalueentry (
    id               bigserial primary key,
    associationkey   varchar(255),
    associationvalue varchar(255),
    sagaid           varchar(255),
    sagatype         varchar(255)
);
create index associationvalueentry_lookup on associationvalueentry (sagatype, associationkey, associationvalue);
create index associationvalueentry_saga on associationvalueentry (sagaid, sagatype);

-- db-scheduler's table: Axon's persistent deadline manager keeps reply deadlines here.
create table scheduled_tasks (
    task_name            text                     not null,
    task_instance        text                     not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean                  not null,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures integer,
    last_heartbeat       timestamp with time zone,
    version              bigint                   not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index scheduled_tasks_execution_time on scheduled_tasks (execution_time);
create index scheduled_tasks_last_heartbeat on scheduled_tasks (last_heartbeat);
create index scheduled_tasks_priority_execution_time on scheduled_tasks (priority desc, execution_time asc);
