-- prune-batch-create (PostgreSQL): the connection's list of the reports one
-- prune
-- transaction removes (dmarc-report prune, store/prune.c).  A temporary
-- table: private to the connection, never in the database file.
--
-- Used by store/prune.c (store_prune()).
CREATE TEMP TABLE IF NOT EXISTS prune_batch (id bigint PRIMARY KEY);
