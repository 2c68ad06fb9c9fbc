-- Knowledge bases, documents, chunks and vectors: a read model of the knowledge events (the "knowledge"
-- processor writes bases, documents and chunks; the embedding workers of every node write vectors).
create extension if not exists vector;

create table knowledge_base (
    id               varchar(64) primary key,
    tenant_id        varchar(255) not null,
    owner_id         varchar(255) not null,
    name             text not null,
    description      text,
    shared           boolean not null,
    -- the model searches use; pending_model, while set, the one the documents are being embedded with again
    embedding_model  varchar(100) not null,
    pending_model    varchar(100),
    document_count   bigint not null default 0,
    chunk_count      bigint not null default 0,
    version          bigint not null,
    created_at       timestamptz not null
);
create index knowledge_base_reader on knowledge_base (tenant_id, owner_id);

create table knowledge_document (
    id                varchar(64) primary key,
    knowledge_base_id varchar(64) not null references knowledge_base (id) on delete cascade,
    tenant_id         varchar(255) not null,
    added_by          varchar(255) not null,
    title             text not null,
    media_type        varchar(100) not null,
    bytes             bigint not null,
    source            text,
    -- the extracted text, for the owner's data export (chunks overlap and cannot give it back)
    text              text not null,
    status            varchar(16) not null,
    error             text,
    chunk_count       integer not null default 0,
    version           bigint not null,
    created_at        timestamptz not null
);
create index knowledge_document_base on knowledge_document (knowledge_base_id, created_at);
create index knowledge_document_adder on knowledge_document (added_by);

-- A chunk's id is its document's id and its place: a rebuild gives every chunk the same id again.
create table knowledge_chunk (
    id                varchar(80) primary key,
    document_id       varchar(64) not null references knowledge_document (id) on delete cascade,
    knowledge_base_id varchar(64) not null,
    tenant_id         varchar(255) not null,
    ord               integer not null,
    heading           text not null,
    text              text not null,
    start_offset      integer not null,
    end_offset        integer not null,
    page              integer not null,
    needs_embedding   boolean not null default true,
    tsv               tsvector generated always as (to_tsvector('english'::regconfig, heading || ' ' || text)) stored
);
create index knowledge_chunk_document on knowledge_chunk (document_id, ord);
create index knowledge_chunk_base on knowledge_chunk (knowledge_base_id);
create index knowledge_chunk_tsv on knowledge_chunk using gin (tsv);
create index knowledge_chunk_pending on knowledge_chunk (knowledge_base_id) where needs_embedding;

-- Vectors of any dimension; one HNSW index per dimension in use, on the cast to that dimension (ADR 0016).
create table knowledge_vector (
    chunk_id          varchar(80) not null references knowledge_chunk (id) on delete cascade,
    model             varchar(100) not null,
    knowledge_base_id varchar(64) not null,
    dims              integer not null,
    embedding         vector not null,
    primary key (chunk_id, model)
);
create index knowledge_vector_base on knowledge_vector (knowledge_base_id, model);
create index knowledge_vector_hnsw_384 on knowledge_vector
    using hnsw ((embedding::vector(384)) vector_cosine_ops) where dims = 384;
