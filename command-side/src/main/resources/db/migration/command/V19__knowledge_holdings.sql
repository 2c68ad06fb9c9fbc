-- What each tenant's knowledge bases hold, kept in the transaction of the document events (a subscribing
-- processor), so that a tenant's document and byte limits hold exactly across nodes.
create table knowledge_holding (
    document_id       varchar(64) primary key,
    tenant_id         varchar(255) not null,
    knowledge_base_id varchar(64) not null,
    bytes             bigint not null
);
create index knowledge_holding_tenant on knowledge_holding (tenant_id);
create index knowledge_holding_base on knowledge_holding (knowledge_base_id);
