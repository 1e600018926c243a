/* SPDX-License-Identifier: MIT */
/* The built-in pattern database, for the unit tests that explain logs. */
#ifndef VX_TESTDB_H
#define VX_TESTDB_H

#include "patterns.h"
#include "testlib.h"
#include "util.h"

/* The database, or NULL after a FAIL line saying why it does not load. */
static inline struct vx_db *tl_builtin_db(void)
{
	struct strbuf err = STRBUF_INIT;
	struct vx_db *db = NULL;

	if (vx_db_load(NULL, &db, &err)) {
		FAIL("patterns: built-in database loads", "%s", sb_str(&err));
		db = NULL;
	}
	sb_free(&err);
	return db;
}

#endif
