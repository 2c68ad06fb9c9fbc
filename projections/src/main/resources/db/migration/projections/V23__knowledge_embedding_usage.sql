-- The embedding tokens each document's chunks took, per model, until the document is charged for them
-- (RecordEmbedding, once none of its chunks waits for that model). A work table of the embedding workers:
-- rebuilt with the knowledge read model, whose re-embedding sends the charges again, which the document
-- aggregate records once per model.
create table knowledge_embedding_usage (
    document_id varchar(64) not null,
    tenant_id   varchar(255) not null,
    model       varchar(100) not null,
    tokens      bigint not null default 0,
    complete    boolean not null default false,
    charged     boolean not null default false,
    primary key (document_id, model)
);
create index knowledge_embedding_usage_due on knowledge_embedding_usage (document_id) where complete and not charged;
