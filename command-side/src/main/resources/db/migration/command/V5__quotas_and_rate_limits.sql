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
    expires_at   timestamptz   not null
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

-- Charges tokens after the fact (tokens per minute are known only when a reply ends). A bucket may go into
-- debt, down to minus its capacity, and refuses until it has refilled.
create function rate_charge(bucket text, amount float8) returns void
    language sql as $$
    update rate_bucket b
       set tokens = greatest(-b.capacity, least(b.capacity,
               b.tokens + extract(epoch from clock_timestamp() - b.refilled_at) * b.refill_per_second) - amount),
           refilled_at = clock_timestamp()
     where b.id = bucket;
$$;

-- Quota overrides as one value per QuotaLimit, in the enum's order; null entries keep the plan's value.
alter table tenant_directory add column quota_overrides numeric[];
alter table account_directory add column quota_overrides numeric[];
