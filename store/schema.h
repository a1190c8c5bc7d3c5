/* store/schema.h -- the SQL compiled in from sql/ (store/schema.c is generated). */
#ifndef DR_SCHEMA_H
#define DR_SCHEMA_H

struct schema_migration {
	int		 version;	/* the version the database has after it */
	const char	*name;
	const char	*sql;
};

extern const char *const		schema_base_sql;	/* version 1 */
extern const char *const		schema_views_sql;	/* re-created after each migration */
extern const char *const		schema_rebuild_sql;	/* sql/rebuild-derived.sql */
extern const struct schema_migration	schema_migrations[];	/* ends with version 0 */
extern const int			schema_latest_version;

/* PostgreSQL (store/pg_schema.c, generated from sql/pg/): the whole
 * schema at version 10, then the migrations after it. */
extern const char *const		pg_schema_base_sql;
extern const char *const		pg_schema_rebuild_sql;	/* sql/pg/rebuild-derived.sql, or "" */
extern const struct schema_migration	pg_schema_migrations[];	/* ends with version 0 */
extern const int			pg_schema_latest_version;

#endif
