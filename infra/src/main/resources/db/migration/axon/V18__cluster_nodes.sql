-- The nodes sharing this database, each with a digest of its model catalogue per model, so that a node whose
-- catalogue differs from the others' (a rolling deploy half done, a typo in one node's config) says so. Rows
-- of nodes that stopped reporting are ignored after a while and deleted by the next node to start.
create table cluster_node (
    node_id    varchar(255) primary key,
    catalogue  jsonb        not null,
    started_at timestamptz  not null,
    seen_at    timestamptz  not null
);
