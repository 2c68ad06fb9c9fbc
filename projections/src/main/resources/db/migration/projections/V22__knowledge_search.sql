-- Who searched which knowledge base, when, and how much they were shown: an API search (with its query) or a
-- reply's retrieval (its conversation and reply). Built by KnowledgeSearchLog in the audit-accesses processor
-- from KnowledgeSearched and SourcesCited events; one row per base searched.
create table knowledge_search (
    event_id          varchar(255) not null,
    knowledge_base_id varchar(64)  not null,
    tenant_id         varchar(255) not null,
    searcher_id       varchar(255) not null,
    conversation_id   varchar(64),
    reply_id          varchar(64),
    mode              varchar(10)  not null,
    top_k             int,
    results           int          not null,
    query             text,
    trace_id          varchar(64),
    searched_at       timestamptz  not null,
    primary key (event_id, knowledge_base_id)
);
create index knowledge_search_base on knowledge_search (tenant_id, knowledge_base_id, searched_at desc);
create index knowledge_search_tenant on knowledge_search (tenant_id, searched_at desc);
