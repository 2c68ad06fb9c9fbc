-- One AES-256 key per scope of personal data: a user's profile (scope = user id) or one conversation (scope =
-- conversation id); the subject is always the user the data is about. Events hold only ciphertext under these
-- keys. Erasure shreds a key: the secret is removed for good and the row stays as a tombstone, so that a late
-- event of an erased scope is never written in plain text and a repeated erasure is recognised.
create table personal_data_key (
    key_id      text primary key,
    scope_id    text not null unique,
    kind        text not null check (kind in ('conversation', 'profile')),
    subject_id  text not null,
    tenant_id   text not null,
    secret      bytea check (secret is null or length(secret) = 32),
    created_at  timestamptz not null default now(),
    shredded_at timestamptz,
    check ((secret is null) = (shredded_at is not null))
);
create index personal_data_key_subject on personal_data_key (subject_id);

-- Erasure requests (catalogue R-10.3-03): PENDING -> IN_PROGRESS -> COMPLETED | FAILED. Operational state of
-- the erasure process, not a read model; the request itself is an event (ErasureRequested).
create table erasure_request (
    request_id        text primary key,
    user_id           text not null,
    tenant_id         text not null,
    requested_by      text not null,
    requested_at      timestamptz not null,
    status            text not null check (status in ('PENDING', 'IN_PROGRESS', 'COMPLETED', 'FAILED')),
    systems_processed text[] not null default '{}',
    errors            text[] not null default '{}',
    -- When the last key was shredded: the request completes once every node's key cache has forgotten it.
    keys_shredded_at  timestamptz,
    -- Refreshed while a node works on the request; an IN_PROGRESS request silent for long is resumed elsewhere.
    updated_at        timestamptz not null,
    completed_at      timestamptz
);
create index erasure_request_open on erasure_request (status, updated_at) where status in ('PENDING', 'IN_PROGRESS');

-- A tenant's retention of conversations in days after their last activity; 0 keeps them for ever, null means the
-- platform's default (colloquy.privacy.retention.conversation-days).
alter table tenant_directory add column retention_days integer check (retention_days >= 0);
