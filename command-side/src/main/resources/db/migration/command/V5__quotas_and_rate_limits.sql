-- Quota enforcement and rate limiting. These tables are the shared state every node enforces against; they
-- are not read models (the usage ledger is): counters and buckets hold reservations and refill state that no
-- event carries.

-- A user's consumption per calendar period (UTC): settled usage plus what replies in flight have reserved.
create table quota_counter (
    user_id         text          not null,
    period          text          not null check (period in ('hour', 'day', 'month')),
    period_start    timestamptz   not null,
    tenant_id       text          not null,
    messages        bigint        not null default 0,
    tokens          bigint        not null default 0,
    cost_usd        numeric(20,6) not null default 0,
    reserved_tokens bigint        not null default 0,
    reserved_cost   numeric(20,6) not null default 0,
    primary key (user_id, period, period_start)
);

-- One row per reply in flight: what it reserved and against which periods. Settling or releasing deletes it,
-- so each reservation is given back exactly once.
create table quota_reservation (
    reply_id     text          primary key,
    user_id      text          not null,
    tenant_id    text          not null,
    day_start    timestamptz   not null,
    month_start  timestamptz   not null,
    tokens       bigint        not null,
    cost_usd     numeric(20,6) not null,
    expires_at   timestamptz   not null,
    -- Set when the reply ends (before its usage is recorded): it no longer counts as a reply in progress.
    ended        boolean       not null default false
);
create index quota_reservation_user on quota_reservation (user_id);
create index quota_reservation_expiry on quota_reservation (expires_at);

-- Token buckets, refilled continuously by the database clock, so every node sees the same time.
create table rate_bucket (
    id                text             primary key,
    tokens            double precision not null,
    capacity          double precision not null,
    refill_per_second double precision not null,
    refilled_at       timestamptz      not null
);

-- Takes from several buckets at once, all or nothing: a request passes only if every bucket holds at least
-- its `needs` (then each gives its `costs`). Rows are locked in the order given; callers sort the ids, so two
-- requests never wait on each other in opposite order. One call is one statement: one round trip per request.
create function rate_take(ids text[], capacities float8[], refills float8[], needs float8[], costs float8[])
    returns table (bucket_id text, admitted boolean, tokens_left float8, wait_seconds float8)
    language plpgsql as $$
declare
    now_ts  timestamptz := clock_timestamp();
    avail   float8[] := '{}';
    available_now float8;
    ok      boolean := true;
begin
    for i in 1 .. array_length(ids, 1) loop
        insert into rate_bucket as b (id, tokens, capacity, refill_per_second, refilled_at)
        values (ids[i], capacities[i], capacities[i], refills[i], now_ts)
        on conflict (id) do nothing;
        select least(capacities[i], b.tokens + extract(epoch from now_ts - b.refilled_at) * refills[i])
          into available_now from rate_bucket b where b.id = ids[i] for update;
        -- Deleted meanwhile by the sweep of full buckets: it was full.
        available_now := coalesce(available_now, capacities[i]);
        avail := avail || available_now;
        if available_now < needs[i] then
            ok := false;
        end if;
    end loop;
    for i in 1 .. array_length(ids, 1) loop
        if ok then
            update rate_bucket b set tokens = avail[i] - costs[i], capacity = capacities[i],
                   refill_per_second = refills[i], refilled_at = now_ts
             where b.id = ids[i];
        end if;
        bucket_id := ids[i];
        admitted := ok;
        tokens_left := case when ok then avail[i] - costs[i] else avail[i] end;
        wait_seconds := case when avail[i] >= needs[i] then 0 else (needs[i] - avail[i]) / refills[i] end;
        return next;
    end loop;
end
$$;

-- Charges tokens after the fact (tokens per minute are known only when a reply ends), bucket by bucket in the
-- order given (sorted by the caller, like rate_take). A bucket goes into debt by the whole amount and refuses
-- until it has refilled, so over time the rate holds exactly; a bucket with no row (no limit) is left alone.
create function rate_charge(ids text[], amount float8) returns void
    language plpgsql as $$
begin
    for i in 1 .. array_length(ids, 1) loop
        update rate_bucket b
           set tokens = least(b.capacity,
                   b.tokens + extract(epoch from clock_timestamp() - b.refilled_at) * b.refill_per_second) - amount,
               refilled_at = clock_timestamp()
         where b.id = ids[i];
    end loop;
end
$$;

-- A tenant's budget sums its users' rows.
create index quota_counter_tenant on quota_counter (tenant_id, period, period_start);

-- Quota overrides and budgets as one value per QuotaLimit, in the enum's order; null entries keep the plan's.
alter table tenant_directory add column quota_overrides numeric[];
alter table tenant_directory add column budget numeric[];
alter table account_directory add column quota_overrides numeric[];

-- A reply's reservation in one round trip, inside the transaction that accepts its message: adds one message
-- and the reserved tokens and cost to the user's hour, day and month rows (locked in that order, always), counts
-- the user's replies already in flight, records the reservation, and answers the new totals (scope 'user'),
-- which the caller checks against the limits (refusing rolls the whole transaction back). With p_budget, the
-- tenant has a budget: the tenant's reservations queue on a transaction-scoped advisory lock (taken first, so
-- the lock order stays fixed) and the answer adds the sums over all its users' rows (scope 'tenant'). A
-- settlement, which only lowers those sums, needs no such lock.
create function quota_reserve(p_user text, p_tenant text, p_reply text, p_hour timestamptz, p_day timestamptz,
                              p_month timestamptz, p_tokens bigint, p_cost numeric, p_now timestamptz,
                              p_expires timestamptz, p_budget boolean)
    returns table (scope text, period text, messages bigint, tokens bigint, cost_usd numeric,
                   reserved_tokens bigint, reserved_cost numeric, in_flight bigint)
    language plpgsql as $$
#variable_conflict use_column
declare
    flying bigint;
begin
    if p_budget then
        perform pg_advisory_xact_lock(hashtextextended('colloquy-tenant-budget:' || p_tenant, 0));
    end if;
    return query
    insert into quota_counter as c (user_id, period, period_start, tenant_id, messages, reserved_tokens,
                                    reserved_cost)
    values (p_user, 'hour', p_hour, p_tenant, 1, 0, 0)
    on conflict (user_id, period, period_start) do update set messages = c.messages + 1
    returning 'user'::text, c.period, c.messages, c.tokens, c.cost_usd, c.reserved_tokens, c.reserved_cost,
              0::bigint;
    return query
    insert into quota_counter as c (user_id, period, period_start, tenant_id, messages, reserved_tokens,
                                    reserved_cost)
    values (p_user, 'day', p_day, p_tenant, 1, p_tokens, p_cost)
    on conflict (user_id, period, period_start) do update set messages = c.messages + 1,
        reserved_tokens = c.reserved_tokens + p_tokens, reserved_cost = c.reserved_cost + p_cost
    returning 'user'::text, c.period, c.messages, c.tokens, c.cost_usd, c.reserved_tokens, c.reserved_cost,
              0::bigint;
    return query
    insert into quota_counter as c (user_id, period, period_start, tenant_id, messages, reserved_tokens,
                                    reserved_cost)
    values (p_user, 'month', p_month, p_tenant, 1, p_tokens, p_cost)
    on conflict (user_id, period, period_start) do update set messages = c.messages + 1,
        reserved_tokens = c.reserved_tokens + p_tokens, reserved_cost = c.reserved_cost + p_cost
    returning 'user'::text, c.period, c.messages, c.tokens, c.cost_usd, c.reserved_tokens, c.reserved_cost,
              0::bigint;
    select count(*) into flying from quota_reservation r
     where r.user_id = p_user and not r.ended and r.expires_at > p_now;
    insert into quota_reservation (reply_id, user_id, tenant_id, day_start, month_start, tokens, cost_usd,
                                   expires_at)
    values (p_reply, p_user, p_tenant, p_day, p_month, p_tokens, p_cost, p_expires);
    return query select 'user'::text, 'in_flight'::text, 0::bigint, 0::bigint, 0::numeric, 0::bigint,
                        0::numeric, flying;
    if p_budget then
        return query
        select 'tenant'::text, c.period, sum(c.messages)::bigint, sum(c.tokens)::bigint, sum(c.cost_usd),
               sum(c.reserved_tokens)::bigint, sum(c.reserved_cost), 0::bigint
          from quota_counter c
         where c.tenant_id = p_tenant
           and ((c.period = 'hour' and c.period_start = p_hour) or (c.period = 'day' and c.period_start = p_day)
                or (c.period = 'month' and c.period_start = p_month))
         group by c.period;
    end if;
end
$$;

-- Settles a reply in one round trip: its reservation (if still there) is replaced by what it used; without
-- one (it expired, or predates quotas) the usage is added to the periods it ended in.
create function quota_settle(p_reply text, p_tenant text, p_user text, p_tokens bigint, p_cost numeric,
                             p_day timestamptz, p_month timestamptz)
    returns void
    language plpgsql as $$
declare
    r quota_reservation%rowtype;
begin
    delete from quota_reservation where reply_id = p_reply returning * into r;
    if found then
        update quota_counter set tokens = tokens + p_tokens, cost_usd = cost_usd + p_cost,
               reserved_tokens = reserved_tokens - r.tokens, reserved_cost = reserved_cost - r.cost_usd
         where user_id = p_user and period = 'day' and period_start = r.day_start;
        update quota_counter set tokens = tokens + p_tokens, cost_usd = cost_usd + p_cost,
               reserved_tokens = reserved_tokens - r.tokens, reserved_cost = reserved_cost - r.cost_usd
         where user_id = p_user and period = 'month' and period_start = r.month_start;
    else
        insert into quota_counter as c (user_id, period, period_start, tenant_id, tokens, cost_usd)
        values (p_user, 'day', p_day, p_tenant, p_tokens, p_cost)
        on conflict (user_id, period, period_start) do update
            set tokens = c.tokens + p_tokens, cost_usd = c.cost_usd + p_cost;
        insert into quota_counter as c (user_id, period, period_start, tenant_id, tokens, cost_usd)
        values (p_user, 'month', p_month, p_tenant, p_tokens, p_cost)
        on conflict (user_id, period, period_start) do update
            set tokens = c.tokens + p_tokens, cost_usd = c.cost_usd + p_cost;
    end if;
end
$$;
