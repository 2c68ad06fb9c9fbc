-- Abuse restrictions and policies, kept by AccountDirectory with the rest of the account lookups (same
-- transaction as the events, rebuilt by DirectoryRebuild). A suspended user is refused on the very next request;
-- a throttled one is held to colloquy.abuse.throttled-requests-per-minute.
alter table account_directory
    add column restriction        text check (restriction in ('suspended', 'throttled')),
    add column restriction_reason text,
    add column restricted_at      timestamptz;

-- Null: the platform's default policy (colloquy.abuse.default-threshold / default-action).
alter table tenant_directory
    add column abuse_threshold integer check (abuse_threshold between 1 and 100),
    add column abuse_action    text check (abuse_action in ('suspend', 'throttle', 'flag-only'));
