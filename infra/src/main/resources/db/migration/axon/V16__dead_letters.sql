-- Axon's JDBC sequenced dead-letter queue (GenericDeadLetterTableFactory with PostgreSQL's bytea for its blobs):
-- an event a processor's handler failed on is parked here, with the later events of its sequence, while the rest
-- of the stream goes on (docs/security.md). Payloads are serialized by the event serializer, so their personal
-- data stays encrypted under the data subject's key and is shredded with it.
create table deadletterentry (
    deadletteridentifier varchar(255)  not null,
    processinggroup      varchar(255)  not null,
    sequenceidentifier   varchar(255)  not null,
    sequenceindex        bigint        not null,
    messagetype          varchar(255)  not null,
    eventidentifier      varchar(255)  not null,
    timestamp            varchar(255)  not null,
    payloadtype          varchar(255)  not null,
    payloadrevision      varchar(255),
    payload              bytea         not null,
    metadata             bytea,
    type                 varchar(255),
    aggregateidentifier  varchar(255),
    sequencenumber       bigint,
    tokentype            varchar(255),
    token                bytea,
    enqueuedat           varchar(255)  not null,
    lasttouched          varchar(255),
    processingstarted    varchar(255),
    causetype            varchar(255),
    causemessage         varchar(1023),
    diagnostics          bytea,
    primary key (deadletteridentifier),
    unique (processinggroup, sequenceidentifier, sequenceindex)
);
create index deadletterentry_group on deadletterentry (processinggroup);
create index deadletterentry_sequence on deadletterentry (processinggroup, sequenceidentifier);
