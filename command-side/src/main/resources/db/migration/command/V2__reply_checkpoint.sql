-- Partial content of replies in flight (not events: deltas never enter the event store).
create table reply_checkpoint (
    reply_id        varchar(64) primary key,
    conversation_id varchar(64) not null,
    node_id         varchar(255) not null,
    model           varchar(100),
    tenant_id       varchar(255),
    actor_id        varchar(255),
    trace_id        varchar(64),
    content         text not null default '',
    prompt_tokens   integer not null default 0,
    updated_at      timestamptz not null default now()
);
create index reply_checkpoint_node on reply_checkpoint (node_id);
