-- Usage ledger, built from UsageRecorded by UsageLedgerProjection (rebuildable at any time). One row per tenant,
-- user, model and UTC calendar period; each event adds to its hour, its day and its month.
create table usage_ledger (
    tenant_id         varchar(255) not null,
    period            varchar(5)   not null check (period in ('hour', 'day', 'month')),
    period_start      timestamptz  not null,
    user_id           varchar(255) not null,
    model             varchar(100) not null,
    requests          bigint       not null,
    prompt_tokens     bigint       not null,
    completion_tokens bigint       not null,
    -- Unconstrained numeric: sums stay exact whatever scale the command side prices at.
    cost_usd          numeric      not null,
    -- Requests recorded without a price; their cost is unknown, so cost_usd leaves them out.
    unpriced_requests bigint       not null,
    primary key (tenant_id, period, period_start, user_id, model)
);
