-- Tamper evidence for the event store (ADR 0007). Every row of domainevententry gets the SHA-256 of a canonical
-- form of its stored bytes chained to the hash of the event appended before it for the same aggregate, computed
-- by a trigger in the appending transaction; event_chain_head remembers the last link of every chain, so that
-- deleting the newest event is noticed too. This detects changes made behind the application's back; it does
-- not stop someone who can also rewrite the hashes (anchoring the heads outside the database is the next step).

-- The writer must not append while the existing history is chained: the backfill below and the trigger take over
-- atomically. Readers are blocked too: the ALTER TABLE statements below take an ACCESS EXCLUSIVE lock, held until
-- this migration's transaction commits, so every read of the event store (tracking processors included) waits for
-- the whole migration, about a minute per million stored events (ADR 0007). Flyway runs it at start-up, before
-- this node's processors start; other nodes still running on the same database wait for it.
lock table domainevententry in exclusive mode;

alter table domainevententry
    add column prev_hash bytea,
    add column hash      bytea;

-- The newest link of each aggregate's chain, written by the same trigger in the same transaction as the event.
create table event_chain_head (
    aggregateidentifier varchar(255) primary key,
    last_sequence       bigint       not null,
    last_hash           bytea        not null
);

-- The one definition of an event's hash, used by the trigger, the backfill and verification alike.
-- SHA-256 over the concatenation of these fields, each written as a 4-byte big-endian signed length followed by
-- its bytes (a NULL field is the length -1 and no bytes): the tag 'colloquy-event-chain/1', the previous hash
-- (NULL for an aggregate's first event), then event id, aggregate id (both UTF-8), the sequence number (8 bytes,
-- big-endian), aggregate type, payload type, payload revision, timestamp (UTF-8, as stored), then the metadata
-- and payload bytes exactly as stored.
create function event_chain_hash(prev_hash bytea, event_id text, aggregate_id text, sequence_number bigint,
                                 aggregate_type text, payload_type text, payload_revision text, event_time text,
                                 metadata bytea, payload bytea)
    returns bytea language plpgsql immutable parallel safe as $$
declare
    canonical bytea := ''::bytea;
    field     bytea;
begin
    foreach field in array array[convert_to('colloquy-event-chain/1', 'UTF8'), prev_hash,
            convert_to(event_id, 'UTF8'), convert_to(aggregate_id, 'UTF8'), int8send(sequence_number),
            convert_to(aggregate_type, 'UTF8'), convert_to(payload_type, 'UTF8'),
            convert_to(payload_revision, 'UTF8'), convert_to(event_time, 'UTF8'), metadata, payload] loop
        canonical := canonical || case when field is null then int4send(-1) else int4send(length(field)) || field end;
    end loop;
    return sha256(canonical);
end $$;

-- Links each appended event to its aggregate's chain head (whatever was appended last, even if that row is gone
-- since: a re-append after a deletion then breaks the chain visibly) and moves the head.
create function event_chain_link() returns trigger language plpgsql as $$
begin
    select h.last_hash into new.prev_hash from event_chain_head h where h.aggregateidentifier = new.aggregateidentifier;
    new.hash := event_chain_hash(new.prev_hash, new.eventidentifier, new.aggregateidentifier, new.sequencenumber,
                                 new.type, new.payloadtype, new.payloadrevision, new.timestamp, new.metadata,
                                 new.payload);
    insert into event_chain_head (aggregateidentifier, last_sequence, last_hash)
    values (new.aggregateidentifier, new.sequencenumber, new.hash)
    on conflict (aggregateidentifier) do update
        set last_sequence = excluded.last_sequence, last_hash = excluded.last_hash;
    return new;
end $$;

-- Chains the stored events of every aggregate that has no chain head yet (all of them when this migration runs
-- on an existing store), in sequence order, exactly as the trigger would have. Aggregates already chained are
-- left alone. Answers the number of events chained.
create function event_chain_backfill() returns bigint language plpgsql as $$
declare
    e         record;
    previous  bytea;
    aggregate text;
    chained   bigint := 0;
begin
    for e in select d.globalindex, d.aggregateidentifier, d.sequencenumber, d.eventidentifier, d.type, d.payloadtype,
                    d.payloadrevision, d.timestamp, d.metadata, d.payload
             from domainevententry d
             where not exists (select 1 from event_chain_head h where h.aggregateidentifier = d.aggregateidentifier)
             order by d.aggregateidentifier, d.sequencenumber loop
        if aggregate is distinct from e.aggregateidentifier then
            if aggregate is not null then
                insert into event_chain_head (aggregateidentifier, last_sequence, last_hash)
                select aggregate, d.sequencenumber, d.hash from domainevententry d
                where d.aggregateidentifier = aggregate order by d.sequencenumber desc limit 1;
            end if;
            aggregate := e.aggregateidentifier;
            previous := null;
        end if;
        update domainevententry
        set prev_hash = previous,
            hash = event_chain_hash(previous, e.eventidentifier, e.aggregateidentifier, e.sequencenumber, e.type,
                                    e.payloadtype, e.payloadrevision, e.timestamp, e.metadata, e.payload)
        where globalindex = e.globalindex
        returning hash into previous;
        chained := chained + 1;
    end loop;
    if aggregate is not null then
        insert into event_chain_head (aggregateidentifier, last_sequence, last_hash)
        select aggregate, d.sequencenumber, d.hash from domainevententry d
        where d.aggregateidentifier = aggregate order by d.sequencenumber desc limit 1;
    end if;
    return chained;
end $$;

select event_chain_backfill();

alter table domainevententry alter column hash set not null;

create trigger event_chain_link before insert on domainevententry
    for each row execute function event_chain_link();
