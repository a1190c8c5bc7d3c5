/*
 * util/hash.h -- the one string hash of the code base: 64-bit FNV-1a,
 * for the open-addressing maps of source IPs and names (rows are many,
 * keys short) and the catalogue's version.  Not for anything an attacker
 * must not collide: the maps probe linearly and compare keys.
 */
#ifndef DR_HASH_H
#define DR_HASH_H

#include <stddef.h>
#include <stdint.h>

#define DR_FNV_BASIS	1469598103934665603ull

/* Hashes n bytes of p into h (start with DR_FNV_BASIS). */
static inline uint64_t
dr_fnv_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	while (n-- > 0)
		h = (h ^ *s++) * 1099511628211ull;
	return h;
}

/* The hash of a NUL-terminated string. */
static inline uint64_t
dr_fnv_str(const char *s)
{
	uint64_t h = DR_FNV_BASIS;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

#endif
