-- An erased conversation keeps its rows with "[erased]" in place of its text, and is no longer shown.
alter table conversation_view add column erased boolean not null default false;
create index conversation_view_idle on conversation_view (tenant_id, updated_at) where not erased;

-- The pseudonym under which the usage ledger keeps an erased user's figures; a reply charged after the erasure
-- is booked to it too. Rebuilt from UserErased with the ledger.
create table usage_pseudonym (
    user_id   varchar(255) primary key,
    pseudonym varchar(255) not null unique
);
