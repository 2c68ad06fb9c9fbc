-- Read model of conversations, built from the event store by ConversationProjection (rebuildable at any time).
create table conversation_view (
    id                       varchar(64) primary key,
    tenant_id                varchar(255) not null,
    owner_id                 varchar(255) not null,
    title                    varchar(255),
    model                    varchar(100) not null,
    system_prompt            text,
    active_leaf_id           varchar(64),
    forked_from_conversation varchar(64),
    forked_from_message      varchar(64),
    message_count            integer not null default 0,
    deleted                  boolean not null default false,
    created_at               timestamptz not null,
    updated_at               timestamptz not null,
    version                  bigint not null
);
create index conversation_view_owner on conversation_view (tenant_id, owner_id, updated_at desc);

-- User messages and assistant replies alike (a reply's id is its message id).
create table message_view (
    position          bigserial,
    id                varchar(64) primary key,
    conversation_id   varchar(64) not null references conversation_view (id) on delete cascade,
    parent_id         varchar(64),
    role              varchar(20) not null,
    content           text not null default '',
    status            varchar(20) not null,
    model             varchar(100),
    prompt_message_id varchar(64),
    finish_reason     varchar(50),
    prompt_tokens     bigint,
    completion_tokens bigint,
    cost_usd          numeric(18, 6),
    error_code        varchar(50),
    error_message     text,
    ttft_ms           bigint,
    latency_ms        bigint,
    created_at        timestamptz not null,
    finished_at       timestamptz
);
create index message_view_conversation on message_view (conversation_id, position);
