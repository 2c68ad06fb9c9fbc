-- The knowledge bases a conversation draws on, and the numbered sources each reply's prompt held.
alter table conversation_view add column knowledge_base_ids varchar(64)[] not null default '{}';

create table message_citation (
    message_id        varchar(64) not null,
    conversation_id   varchar(64) not null,
    n                 int not null,
    document_id       varchar(64) not null,
    knowledge_base_id varchar(64) not null,
    title             text not null,
    chunk_id          varchar(64) not null,
    snippet           text not null,
    score             double precision not null,
    injection_score   int not null,
    primary key (message_id, n)
);
create index message_citation_conversation on message_citation (conversation_id);
