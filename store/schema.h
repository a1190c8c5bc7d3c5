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

#endif
