-- Usage whose tokens Colloquy counted itself because the upstream reported none (a cut, cancelled or crashed
-- stream). The ledger keeps how many requests and tokens of each row were estimated, so finance can tell
-- counted from estimated; a reply's own usage says which it is.
alter table usage_ledger
    add column estimated_requests bigint not null default 0,
    add column estimated_tokens   bigint not null default 0;
alter table message_view add column usage_estimated boolean not null default false;
