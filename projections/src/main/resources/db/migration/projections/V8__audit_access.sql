-- Who was shown which audit data, and when: built from AuditTrailRead events by AuditAccessProjection
-- (rebuildable at any time; the events are the record, this is its index).
create table audit_access (
    event_id        varchar(255) primary key,
    tenant_id       varchar(255) not null,
    viewer_id       varchar(255) not null,
    conversation_id varchar(64),
    view            varchar(20)  not null,
    parameters      jsonb        not null,
    trace_id        varchar(64),
    read_at         timestamptz  not null
);
create index audit_access_tenant on audit_access (tenant_id, read_at desc);
create index audit_access_conversation on audit_access (tenant_id, conversation_id, read_at desc);
