-- The audit's conversation finder lists a whole tenant's conversations (erased ones included, which the partial
-- conversation_view_idle index leaves out), newest activity first.
create index conversation_view_tenant_activity on conversation_view (tenant_id, updated_at desc, id);
