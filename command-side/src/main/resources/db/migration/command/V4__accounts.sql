-- The account side's own lookups, written by a subscribing handler in the same transaction as the account
-- events (so a username is unique across nodes and a disabled user is refused on the very next request).
-- DirectoryRebuild rebuilds them from the events in one transaction (hence the deferred foreign keys);
-- last_used_at and the sessions are operational state, not history, and survive a rebuild.
create table tenant_directory (
    tenant_id        text primary key,
    name             text not null,
    plan             text not null,
    injection_policy text not null default 'flag',
    redacted_pii     text[] not null default '{}',
    created_at       timestamptz not null
);

create table account_directory (
    user_id      text primary key,
    tenant_id    text not null references tenant_directory (tenant_id) deferrable initially deferred,
    username     text not null unique,
    roles        text[] not null,
    plan         text,
    disabled     boolean not null default false,
    locked_until timestamptz,
    created_at   timestamptz not null
);
create index account_directory_tenant on account_directory (tenant_id, username);

create table api_key (
    key_id       text primary key,
    secret_hash  text not null unique,
    user_id      text not null references account_directory (user_id) deferrable initially deferred,
    tenant_id    text not null,
    name         text not null,
    scopes       text[] not null,
    expires_at   timestamptz,
    created_at   timestamptz not null,
    revoked_at   timestamptz,
    last_used_at timestamptz
);
create index api_key_user on api_key (user_id);

-- A sign-in: one family of refresh tokens of which only the newest may be used. Presenting an older one means
-- it was stolen (or replayed), so the whole family is revoked, and with it every access token naming it.
create table auth_session (
    session_id         text primary key,
    user_id            text not null references account_directory (user_id) deferrable initially deferred,
    current_refresh_id text not null,
    created_at         timestamptz not null,
    expires_at         timestamptz not null,
    revoked_at         timestamptz,
    revoked_reason     text
);
create index auth_session_user on auth_session (user_id);
