-- Abuse signals, built by AbuseSignalsProjection (processing group "abuse-signals", rebuildable at any time) from
-- each user's messages, injection hits, rate and quota refusals and failed sign-ins, using the events' own
-- timestamps. The evidence kept per user is bounded (the last few dozen times, and 64-bit digests of normalised
-- message text, never the text). A tenant admin's reinstatement clears the evidence gathered before it.
create table abuse_signal (
    user_id               text        primary key,
    tenant_id             text        not null,
    -- epoch milliseconds, oldest first; message_digests and message_conversations run parallel to message_times
    -- (an erased conversation's digests become '', which matches nothing)
    message_times         bigint[]    not null default '{}',
    message_digests       text[]      not null default '{}',
    message_conversations text[]      not null default '{}',
    injection_times       bigint[]    not null default '{}',
    refusal_times         bigint[]    not null default '{}',
    login_failure_times   bigint[]    not null default '{}',
    -- totals since the user's last reinstatement
    messages              bigint      not null default 0,
    injection_hits        bigint      not null default 0,
    refusals              bigint      not null default 0,
    login_failures        bigint      not null default 0,
    -- the score as of the newest event (scored_at); each reason below also says until when it holds
    score                 integer     not null default 0,
    scored_at             timestamptz not null,
    restriction           text,
    restriction_reason    text,
    restricted_at         timestamptz
);
create index abuse_signal_tenant_score on abuse_signal (tenant_id, score desc);

create table abuse_reason (
    user_id text        not null references abuse_signal (user_id) on delete cascade,
    signal  text        not null,
    points  integer     not null,
    detail  text        not null,
    until   timestamptz not null,
    primary key (user_id, signal)
);

-- The user's score at `at`: the points of the reasons that still hold, capped at 100. Between events the score
-- only decays; the sweep and the admin listing both read it through this function.
create function abuse_score_at(who text, at timestamptz) returns integer
    language sql stable as $$
    select least(100, coalesce(sum(r.points), 0))::integer
    from abuse_reason r where r.user_id = who and r.until > at
$$;
