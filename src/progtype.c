// SPDX-License-Identifier: MIT
/* enrich: program type clues (patterns/progtype-clues.tsv, read by
 * progtype_rules.c), collected over the whole input and given to each
 * record when it is complete. */
#include "progtype.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "helpers.h"
#include "progtype_ctx.h"
#include "progtype_narrow.h"
#include "progtype_rules.h"
#include "util.h"
#include "vlog.h"

#define CLUE_MATCH_LIMIT 100000
#define CLUE_DEPTH_LIMIT 1000
#define MAX_CLUES 1024 /* best clue per (record window, program, inside/outside) */
/* A level-2 log repeats its source lines: each distinct one is scanned, up to
 * this many per log (a hash set of SOURCE_SLOTS, kept half empty). */
#define SOURCE_LINES_SCANNED 512
#define SOURCE_SLOTS 1024
/* The last lines that are no verifier line's shape: the verdict is among
 * them when its record comes (struct span); their first bytes are kept. */
#define RECENT_LINES 32
#define RECENT_BYTES 160
/* A line this long may have been wrapped (a mail, a terminal): its end and
 * the next line's start are scanned as one text too, WRAP_KEEP bytes each. */
#define WRAP_MIN 60
#define WRAP_KEEP 160


/* --- the clues of one input ------------------------------------------------ */

struct seen {
	struct vx_clue c;
	long gen;  /* records completed before it was seen */
	int open;  /* seen inside a program's log */
	int after; /* seen after the first line of its window's log */
	long seg;  /* separators (blank lines, prompts, a loader's END) before it */
	long seq;
	long first, last; /* the events it was seen at (c->pos) */
};

/* Where a record's log lies among the events (c->pos): its first and last
 * verifier line (a0, a1; -1: it has none) and the bounds of what is about
 * it outside the log (lo, hi; -1: none). A clue outside every log is about
 * one of the two logs around it: the first's is what the pipeline still
 * read as its program's (bpftrace's "Error loading program" after a blank
 * line) and its loader's closing lines after that (bcc's HINT and
 * traceback, libbpf's last words after the log's END) up to a blank line;
 * the second's is what follows (its command line, its loader's words
 * before it); a shell prompt between them starts the second's; with
 * neither, the nearer log's. */
struct span {
	long gen, a0, a1, lo, hi;
};

/* The text since the last verifier line: its first shell prompt (-1: none). */
struct gap {
	long prompt;
};

struct vx_clues {
	const struct vx_hints *hints;
	vx_record_fn fn;
	void *ctx;
	pcre2_match_data *md;
	pcre2_match_context *mc;
	struct seen seen[MAX_CLUES];
	size_t nseen;
	long seq, gen;
	struct vx_record *held; /* the last record, waiting for late clues */
	long held_gen;
	struct span held_span;
	/* events seen, and the verifier lines of the open window among them:
	 * first, last, the last before the event being seen (cur: it is one) */
	long pos, v_first, v_last, v_prev;
	long emitted_at; /* the event a record was last emitted at */
	struct {
		long pos;
		char text[RECENT_BYTES];
	} recent[RECENT_LINES];
	size_t nrecent; /* lines put in recent[], a ring */
	int cur_v;
	int cur_fence; /* the event being seen is a fence or <details> */
	/* since v_last, since v_prev, and before the window's first verifier
	 * line (what lies between its log and the one before) */
	struct gap gap, gap_prev, lead;
	long seg; /* separators seen: a clue seen on each side of one is two */
	/* the open program's last own event (own.last: a line of its log, a
	 * loader's line that names a program before its summary, or ends the
	 * log) and the first blank line or fence after (own.blank); own_before:
	 * the same before the event being seen; summary: its log's summary
	 * (processed N insns) was seen */
	struct own { long last, blank; } own, own_before;
	int summary;
	/* the held record's: its last own event (or a loader's END after
	 * it) and the first blank line or fence after */
	long held_close, held_blank;
	int was_open;
	/* each register's last load "(61) r2 = *(u32 *)(r6 +4)", until a state
	 * line says what it holds (op 0: none) */
	struct { int op; long off; } load[VX_NREGS];
	int pending; /* registers with a load in load[] */
	/* the types this window's evidence leaves (the held record's: held_narrow);
	 * proof: the same from what the verifier itself shows (context loads,
	 * helper calls it let pass, its words), not the source's text */
	struct vx_narrowing narrow, held_narrow, proof, held_proof;
	int call; /* the helper of the last call line, until the next instruction proves it passed */
	struct vx_ctx_track ctxt; /* which registers hold the context, its loads */
	long max_insn; /* the highest instruction index of the window's log (-1: none) */
	/* the last line's clue when it named no program: the next line may
	 * (SEC("xdp") on a line of its own, the function on the next) */
	struct vx_clue pend;
	char wrapped[WRAP_KEEP + 1]; /* the last line's end, when it was long ("": not) */
	int wrapped_rank;	     /* what that line alone told */
	/* the source lines of the open log already scanned (hashes, 0: free) */
	uint64_t source[SOURCE_SLOTS];
	size_t nsource;
};

struct vx_clues *vx_clues_new(const struct vx_hints *hints, vx_record_fn fn, void *ctx)
{
	struct vx_clues *c = xcalloc(1, sizeof(*c));

	vx_rules_init();
	c->hints = hints;
	c->fn = fn;
	c->ctx = ctx;
	c->md = pcre2_match_data_create(16, NULL);
	c->mc = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(c->mc, CLUE_MATCH_LIMIT);
	pcre2_set_depth_limit(c->mc, CLUE_DEPTH_LIMIT);
	c->call = -1;
	c->max_insn = -1;
	c->v_first = c->v_last = c->v_prev = c->emitted_at = -1;
	c->gap = c->gap_prev = c->lead = (struct gap){ -1 };
	c->held_close = c->held_blank = -1;
	c->own = (struct own){ -1, -1 };
	c->held_span.hi = -1;
	return c;
}

void vx_clues_free(struct vx_clues *c)
{
	if (!c)
		return;
	vx_record_free(c->held);
	pcre2_match_data_free(c->md);
	pcre2_match_context_free(c->mc);
	free(c);
}

/* Keep the strongest clue per window, program and side of the log: that is
 * all vx_clues_best() can use, so the table stays small on any input. */
static void remember(struct vx_clues *c, const struct vx_clue *k, int open)
{
	int after = c->v_first >= 0 && c->v_first < c->pos;

	c->seq++;
	for (size_t i = 0; i < c->nseen; i++) {
		struct seen *s = &c->seen[i];
		if (s->gen != c->gen || s->open != open || s->after != after || s->seg != c->seg ||
		    strcmp(s->c.prog, k->prog) || strcmp(s->c.type, k->type))
			continue;
		if (k->rank >= s->c.rank) { /* a tie: the later one is nearer the verdict */
			s->c = *k;
			s->seq = c->seq;
		}
		s->last = c->pos;
		return;
	}
	struct seen *slot = c->nseen < MAX_CLUES ? &c->seen[c->nseen++] : NULL;
	for (size_t i = 0; !slot && i < MAX_CLUES; i++) /* full: the oldest goes */
		if (!slot || c->seen[i].seq < slot->seq)
			slot = &c->seen[i];
	*slot = (struct seen){ *k, c->gen, open, after, c->seg, c->seq, c->pos, c->pos };
}

/* The lines that are a program's log (and a loader's START or statement of
 * its error): where the record's log lies (struct span). */
static int log_marker(const struct vx_event *ev, enum vx_line_kind kind)
{
	if (ev->kind == VX_EV_START || ev->kind == VX_EV_SAID)
		return 1;
	return ev->kind == VX_EV_LINE &&
	       (kind == VL_INSN || kind == VL_STATE || kind == VL_PROCESSED || kind == VL_FUNC ||
		kind == VL_PRECISE || kind == VL_KDIAG);
}

/* A shell prompt before a command ("$ sudo ./loader", "# bpftool ...",
 * "root@host:~# ...", "[user@box dir]$ ..."): the output of another
 * command follows. */
static int is_prompt(const char *s, size_t len)
{
	size_t i = 0;

	if (len > 2 && (s[0] == '$' || s[0] == '#') && s[1] == ' ' && s[2] != ' ')
		return 1;
	if (len > 5 && starts_with(s, "sudo "))
		return 1;
	i += s[0] == '[';
	while (i < len && (isalnum((unsigned char)s[i]) || strchr("_-.", s[i])))
		i++;
	if (!i || i >= len || s[i] != '@')
		return 0;
	/* "host:~/dir$ cmd", "box dir]# cmd": the prompt's $ or # after a word */
	for (size_t j = i + 1; j < len && j < i + 80; j++)
		if ((s[j] == '#' || s[j] == '$') && s[j - 1] != ' ' && (j + 1 == len || s[j + 1] == ' '))
			return 1;
	return 0;
}

static void note_marker(struct vx_clues *c, long pos)
{
	c->v_prev = c->v_last;
	c->v_last = pos;
	if (c->v_first < 0) {
		c->v_first = pos;
		c->lead = c->gap;
	}
	c->gap_prev = c->gap;
	c->gap = (struct gap){ -1 };
}

/* open: a program is open; opened: it is and was not at the event before
 * (or was another's, completed there): that event opened it (a verdict
 * outside a log, a loader's words) and counts as its log's line */
static void note_position(struct vx_clues *c, const struct vx_event *ev, enum vx_line_kind kind,
			  int open, int opened)
{
	c->pos++;
	if (opened && c->v_first < 0 && c->pos > 1)
		note_marker(c, c->pos - 1);
	c->own_before = c->own;
	c->cur_fence = 0;
	c->cur_v = log_marker(ev, kind);
	if (c->cur_v) {
		note_marker(c, c->pos);
		c->own = (struct own){ c->pos, -1 };
		c->summary |= ev->kind == VX_EV_LINE && kind == VL_PROCESSED;
		return;
	}
	/* what the pipeline gives the open program: a loader's line that names
	 * one before its log's summary (bpftrace's "Error loading program:
	 * kprobe:x" after a blank line), one that ends its log */
	if (open && ((ev->kind == VX_EV_META && !c->summary && (ev->prog || ev->section || ev->type)) ||
		     (ev->kind == VX_EV_END && ev->loader)))
		c->own = (struct own){ c->pos, -1 };
	/* a fence or <details> (an END that no loader wrote) separates as a
	 * blank line does */
	if (ev->kind == VX_EV_LINE && (kind == VL_OTHER || kind == VL_LOADER)) {
		size_t i = c->nrecent++ % RECENT_LINES;
		c->recent[i].pos = c->pos;
		snprintf(c->recent[i].text, RECENT_BYTES, "%.*s", (int)ev->len, ev->text);
	}
	c->cur_fence = ev->kind == VX_EV_END && !ev->loader;
	int blank = (ev->kind == VX_EV_LINE && kind == VL_BLANK) || c->cur_fence;
	if (ev->kind == VX_EV_END && ev->loader) {
		if (c->held && !open) { /* the held program's loader goes on */
			c->held_close = c->pos;
			c->held_blank = -1;
		}
		c->seg++;
	} else if (blank) {
		c->seg++;
		if (c->held && c->held_blank < 0 && c->pos > c->held_close)
			c->held_blank = c->pos;
		if (c->own.blank < 0 && c->pos > c->own.last)
			c->own.blank = c->pos;
	} else if (ev->kind == VX_EV_LINE && kind == VL_OTHER && is_prompt(ev->text, ev->len)) {
		c->seg++;
		if (c->gap.prompt < 0)
			c->gap.prompt = c->pos;
	}
}

/* Evidence that leaves the types of m: the verifier's own (a context load,
 * a helper call it let pass, its words) also proves them (c->proof). */
static void evidence(struct vx_clues *c, vx_tmask m, const char *from)
{
	vx_narrowing_add(&c->narrow, m, from);
	if (strcmp(from, "context"))
		vx_narrowing_add(&c->proof, m, from);
}

static void evidence_of(void *ctx, vx_tmask m, const char *from)
{
	evidence(ctx, m, from);
}

/* "(61) r2 = *(u32 *)(r6 +4)" and later a state with R2=pkt_end: only
 * xdp_md has data_end at 4. The state is on the same line (6.x) or a later
 * state line; "r2 += 12" keeps the pointer a packet pointer, "r2 = ..."
 * makes it something else. */
/* Digits at *p as a number (advancing p), -1 if none: sscanf is too slow
 * for every instruction line of a level-2 log. A number too long for an
 * offset saturates (no ctx has it) instead of overflowing. */
static long digits(const char **p)
{
	long n = -1;

	for (; isdigit((unsigned char)**p); (*p)++)
		n = n > (LONG_MAX - 9) / 10 ? LONG_MAX / 10 : (n < 0 ? 0 : n * 10) + (**p - '0');
	return n;
}

static int hexval(char ch)
{
	return isdigit((unsigned char)ch) ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

static void set_load(struct vx_clues *c, long reg, int op, long off)
{
	c->pending += !!op - !!c->load[reg].op;
	c->load[reg].op = op;
	c->load[reg].off = off;
}

/* strstr(s, ") r") keyed on ')' (len: strlen(s)) */
static const char *find_load(const char *s, size_t len)
{
	for (const char *p = s; (p = memchr(p, ')', s + len - p)); p++)
		if (p[1] == ' ' && p[2] == 'r')
			return p;
	return NULL;
}

static void note_load(struct vx_clues *c, const char *s, size_t len)
{
	const char *p = find_load(s, len);
	long dst, off;

	if (!p || p - s < 3 || p[-3] != '(' || hexval(p[-2]) < 0 || hexval(p[-1]) < 0)
		return;
	int op = hexval(p[-2]) * 16 + hexval(p[-1]);
	p += 3;
	if ((dst = digits(&p)) < 0 || dst >= VX_NREGS || !starts_with(p, " = "))
		return; /* "r2 += 12" keeps what r2 points to */
	set_load(c, dst, 0, 0);
	p += 3;
	if (!starts_with(p, "*(u") || !(p = strstr(p, " *)(r")))
		return;
	p += 5;
	if (digits(&p) < 0 || !starts_with(p, " +"))
		return;
	p += 2;
	if ((off = digits(&p)) < 0 || *p != ')')
		return;
	if (vx_rules_access_known(op, off))
		set_load(c, dst, op, off); /* only loads the table can tell by */
}

static void check_state(struct vx_clues *c, const char *s, int open)
{
	for (const char *p = s; c->pending && (p = strchr(p, 'R')); p++) {
		const char *t = p + 1;
		long reg = digits(&t);
		if ((p > s && p[-1] != ' ' && p[-1] != ';' && p[-1] != '\t') || reg < 0 ||
		    reg >= VX_NREGS || !c->load[reg].op)
			continue;
		t += starts_with(t, "_w") ? 2 : starts_with(t, "_rw") ? 3 : 0;
		if (*t++ != '=')
			continue;
		vx_rules_access_each(c->load[reg].op, c->load[reg].off, t, evidence_of, c);
		set_load(c, reg, 0, 0);
	}
}

/* "(85) call bpf_xdp_adjust_head#44" (4.x: "call 44"): the helper's id, -1
 * for a bpf-to-bpf call, a kfunc or a name that is not the id's. */
static int call_of(const char *s, size_t len)
{
	const char *p = memmem(s, len, "(85) call ", 10), *hash;
	char name[64];

	if (!p)
		return -1;
	p += 10;
	if (isdigit((unsigned char)*p))
		return atoi(p);
	if (!(hash = strchr(p, '#')) || hash - p >= (long)sizeof(name))
		return -1;
	snprintf(name, sizeof(name), "%.*s", (int)(hash - p), p);
	long id = atol(hash + 1);
	const char *known = id > 0 && id <= VX_HELPER_MAX ? vx_helper_name((int)id) : NULL;
	return known && !strcmp(known, name) ? (int)id : -1;
}

/* A call line, then another instruction: the verifier let the program call
 * that helper, so it is one of the types that may. */
static void call_clue(struct vx_clues *c, const char *s, size_t len)
{
	if (c->call > 0)
		evidence(c, vx_helper_callers(c->call), "helper");
	c->call = call_of(s, len);
}

/* kind: VL_INSN or VL_STATE; only an instruction loads or calls */
static void access_clue(struct vx_clues *c, const char *s, size_t len, enum vx_line_kind kind,
			int open)
{
	if (kind == VL_INSN) {
		note_load(c, s, len);
		call_clue(c, s, len);
	}
	if (c->pending) {
		const char *semi = strchr(s, ';');
		check_state(c, semi ? semi : s, open);
	}
}

/* The window's evidence is its program's: a log that starts again at
 * instruction 0 is another program's (or another paste of it, whose
 * evidence is the same), so what the lines before told is dropped (a
 * cilium/ebpf summary line was the record, its "Error Log:" lines and the
 * next program's log share the next window). */
static void forget_evidence(struct vx_clues *c)
{
	vx_narrowing_reset(&c->narrow);
	vx_narrowing_reset(&c->proof);
	vx_ctx_track_reset(&c->ctxt);
	c->call = -1;
	c->pending = 0;
	memset(c->load, 0, sizeof(c->load));
}

static void note_insn_index(struct vx_clues *c, const char *s)
{
	const char *p = s;

	while (*p == ' ' || *p == '\t')
		p++;
	long idx = digits(&p);
	if (idx < 0 || *p != ':')
		return;
	if (idx == 0 && c->max_insn > 0)
		forget_evidence(c);
	if (idx > c->max_insn)
		c->max_insn = idx;
}

/* Has this source line of the open log been scanned (or enough of them)?
 * Remembers it if not. */
static int source_seen(struct vx_clues *c, const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	h |= 1; /* 0 marks a free slot */
	size_t i = h % SOURCE_SLOTS;
	for (; c->source[i]; i = (i + 1) % SOURCE_SLOTS)
		if (c->source[i] == h)
			return 1;
	if (c->nsource >= SOURCE_LINES_SCANNED)
		return 1;
	c->source[i] = h;
	c->nsource++;
	return 0;
}

/* The narrow lines: what types this line leaves. */
static void narrow_line(struct vx_clues *c, const char *s, size_t len)
{
	vx_rules_narrow_each(s, len, c->md, c->mc, evidence_of, c);
}

/* The program an "owner" line names (a function's header): in buf. */
static int owner_of(struct vx_clues *c, const char *s, size_t len, char *buf, size_t size)
{
	return vx_rules_owner(s, len, c->md, c->mc, buf, size);
}

/* A long line and the next one read as one, for a clue the wrap cut in
 * two ("failed to attach lsm" / "probe"); rank: what the line alone told. */
static void wrapped_clue(struct vx_clues *c, const char *s, size_t len, int rank, int open)
{
	char joined[2 * WRAP_KEEP + 2];
	struct vx_clue k;

	if (c->wrapped[0] && len) {
		int n = snprintf(joined, sizeof(joined), "%s %.*s", c->wrapped,
				 (int)(len < WRAP_KEEP ? len : WRAP_KEEP), s);
		/* only what neither line tells alone */
		if (vx_rules_scan(joined, (size_t)n, c->md, c->mc, &k) > (rank > c->wrapped_rank ? rank : c->wrapped_rank))
			remember(c, &k, open);
	}
	c->wrapped[0] = '\0';
	c->wrapped_rank = rank;
	if (len >= WRAP_MIN)
		snprintf(c->wrapped, sizeof(c->wrapped), "%s", s + (len > WRAP_KEEP ? len - WRAP_KEEP : 0));
}

/* A line as printed (with the loader's tag unwrap took off: event.tag). */
static void line_clues(struct vx_clues *c, const struct vx_event *ev, enum vx_line_kind kind,
		       int open)
{
	struct vx_clue k, p = c->pend;
	const char *s = ev->text;
	size_t len = ev->len;

	if (kind == VL_INSN || kind == VL_STATE) {
		c->wrapped[0] = '\0';
		if (kind == VL_INSN)
			note_insn_index(c, s);
		access_clue(c, s, len, kind, open);
		if (kind == VL_INSN)
			vx_ctx_track_insn(&c->ctxt, s, len, evidence_of, c);
		else
			vx_ctx_track_state(&c->ctxt, s, len);
		return;
	}
	if (kind == VL_SOURCE)
		vx_ctx_track_source(&c->ctxt, s, len);
	if (kind == VL_BLANK || kind == VL_PRECISE || kind == VL_PROCESSED) {
		c->wrapped[0] = '\0';
		return;
	}
	s -= ev->tag;
	len += ev->tag;
	if (kind == VL_SOURCE && open && source_seen(c, s, len))
		return;
	c->pend.rank = 0;
	if (p.rank && owner_of(c, s, len, p.prog, sizeof(p.prog)))
		remember(c, &p, open);
	int rank = vx_rules_scan(s, len, c->md, c->mc, &k);
	if (rank) {
		remember(c, &k, open);
		if (!k.prog[0])
			c->pend = k;
	}
	if (!vx_rules_skipped(s, len, c->md, c->mc))
		narrow_line(c, s, len);
	wrapped_clue(c, s, len, rank, open);
}

void vx_clues_event(struct vx_clues *c, const struct vx_event *ev, int open)
{
	struct vx_clue k;
	enum vx_line_kind kind = VL_OTHER;

	int opened = open && (!c->was_open || c->emitted_at == c->pos);
	if (open != c->was_open) {
		memset(c->source, 0, sizeof(c->source));
		c->nsource = 0;
	}
	c->was_open = open;
	if (ev->kind == VX_EV_LINE)
		kind = ev->line_kind ? (enum vx_line_kind)(ev->line_kind - 1) : vx_classify_line(ev->text);
	note_position(c, ev, kind, open, opened);
	if (ev->kind == VX_EV_LINE) {
		line_clues(c, ev, kind, open);
		return;
	}
	if (ev->tag) /* a name from the next line's tag: that line tells it */
		return;
	/* the framing line's own words ("program kretprobe/udp_recvmsg: can't
	 * load program"), then the names its groups gave (patterns/loaders.pat) */
	if (ev->text && ev->kind != VX_EV_SAID && vx_rules_scan(ev->text, ev->len, c->md, c->mc, &k))
		remember(c, &k, open);
	/* the names a loader's framing gives (patterns/loaders.pat) */
	if (ev->type && (k.type = vx_prog_type_canonical(ev->type))) {
		k.rank = 7;
		k.from = "loader";
		snprintf(k.prog, sizeof(k.prog), "%s", ev->prog ? ev->prog : "");
		snprintf(k.text, sizeof(k.text), "%.*s", ev->text ? (int)ev->len : (int)strlen(ev->type),
			 ev->text ? ev->text : ev->type);
		remember(c, &k, open);
	}
	if (ev->section && vx_clue_of_section(ev->section, &k)) {
		snprintf(k.prog, sizeof(k.prog), "%s", ev->prog ? ev->prog : "");
		remember(c, &k, open);
	}
	if (ev->prog) {
		char *line = xasprintf("%s program '%s'", ev->loader ? ev->loader : "", ev->prog);
		if (vx_rules_scan(line, strlen(line), c->md, c->mc, &k)) {
			snprintf(k.text, sizeof(k.text), "%s", ev->prog);
			remember(c, &k, open);
		}
		free(line);
	}
}

/* Two names of one program: the kernel keeps 15 characters of it
 * (BPF_OBJ_NAME_LEN), which bpftool and strace print, libbpf the whole. */
static int same_prog(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la == lb)
		return !strcmp(a, b);
	return (la == 15 && lb > la && !strncmp(a, b, la)) ||
	       (lb == 15 && la > lb && !strncmp(a, b, lb));
}

/* Is a clue seen about the record's log (struct span)? One inside it, or
 * outside every log and within its bounds; a record with no verifier line
 * has its window (and the text after it). */
static int about(const struct seen *s, const struct span *sp)
{
	if (sp->a0 < 0)
		return s->gen == sp->gen || (s->gen == sp->gen + 1 && !s->open);
	if (s->first > sp->a1)
		return sp->hi < 0 || s->first < sp->hi;
	if (s->last < sp->a0)
		return sp->lo < 0 || s->last >= sp->lo;
	return 1;
}

/* How well a clue seen fits the record: named for its program first, then
 * seen inside its log, then before it rather than after. */
static int fit(const struct seen *s, const struct vx_record *r, const struct span *sp)
{
	int named = s->c.prog[0] && r->prog_name && same_prog(s->c.prog, r->prog_name);
	int inside = s->gen == sp->gen && s->open && (sp->a0 < 0 || (s->first <= sp->a1 && s->last >= sp->a0));
	int before = sp->a0 < 0 ? s->gen == sp->gen : s->last < sp->a0;

	if (s->c.prog[0] && r->prog_name && !named)
		return -1; /* about another program */
	if (!named && !about(s, sp))
		return -1;
	return (named && s->c.rank >= 3) * 64 + s->c.rank * 8 + named * 4 + inside * 2 + (inside || before);
}

/* No clue fits the record's window: one from an earlier window counts when
 * every clue that could be about the record names the same type (a paste
 * of one program's log twice, a command line before several logs). */
static int agreed(const struct vx_clues *c, const struct vx_record *r, long gen,
		  const struct vx_narrowing *ev, struct vx_clue *out)
{
	const struct seen *pick = NULL;

	for (size_t i = 0; i < c->nseen; i++) {
		const struct seen *s = &c->seen[i];
		if (s->gen > gen + 1 || (s->gen == gen + 1 && s->open) ||
		    (s->c.prog[0] && r->prog_name && !same_prog(s->c.prog, r->prog_name)) ||
		    !vx_narrowing_allows(ev, s->c.type))
			continue;
		if (pick && strcmp(pick->c.type, s->c.type))
			return 0;
		if (!pick || s->c.rank > pick->c.rank ||
		    (s->c.rank == pick->c.rank && s->seq > pick->seq))
			pick = s;
	}
	if (pick)
		*out = pick->c;
	return pick ? out->rank : 0;
}

/* The best clue that fits the record (or names it) and that the log's
 * evidence (ev) does not rule out. */
static int own_clue(const struct vx_clues *c, const struct vx_record *r, const struct span *sp,
		    const struct vx_narrowing *ev, struct vx_clue *out)
{
	int best = -1;
	long best_seq = -1;

	out->rank = 0;
	for (size_t i = 0; i < c->nseen; i++) {
		if (!vx_narrowing_allows(ev, c->seen[i].c.type))
			continue;
		int f = fit(&c->seen[i], r, sp);
		if (f < 0 || f < best || (f == best && c->seen[i].seq < best_seq))
			continue;
		best = f;
		best_seq = c->seen[i].seq;
		*out = c->seen[i].c;
	}
	return out->rank;
}

static int best_clue(const struct vx_clues *c, const struct vx_record *r, const struct span *sp,
		     const struct vx_narrowing *ev, struct vx_clue *out)
{
	return own_clue(c, r, sp, ev, out) ? out->rank : agreed(c, r, sp->gen, ev, out);
}

/* The type the evidence leaves: one type, or types the verifier cannot
 * tell apart (an "alike" line) and then the first of them. */
static const char *narrowed_type(const struct vx_narrowing *n)
{
	const char *t = vx_narrowing_type(n);

	if (t || n->steps <= 0 || !n->mask)
		return t;
	return vx_rules_alike(n->mask);
}

/* The words the record's type came from, for -v ({prog_type_clue}): the
 * clue's, or what the explain stage took instead (the framing's type, the
 * section, the signature's ctx struct); none for evidence or an option. */
static void clue_var(struct vx_record *r, const struct vx_clue *k)
{
	const char *from = r->prog_type_from, *text = NULL;

	if (!r->prog_type || !from)
		return;
	if (k->rank && !strcmp(k->type, r->prog_type) && !strcmp(k->from, from))
		text = k->text;
	else if (!strcmp(from, "section"))
		text = r->section;
	else if (!strcmp(from, "context"))
		text = vx_record_var(r, "signature_ctx");
	else if (!strcmp(from, "loader"))
		text = vx_record_var(r, "prog_type_stated");
	else if (!strcmp(from, "log"))
		text = vx_record_var(r, "prog_type_logged");
	if (text && *text)
		vx_record_set(r, "prog_type_clue", text);
}

/* The types the log's evidence leaves, when it narrowed them ({prog_types_left}). */
static void left_var(struct vx_record *r, const struct vx_narrowing *n)
{
	struct strbuf sb = STRBUF_INIT;

	if (n->steps <= 0 || !n->mask)
		return;
	for (size_t i = 0; i < vx_prog_type_count() && i < 64; i++)
		if (n->mask >> i & 1)
			sb_addf(&sb, "%s%s", sb.len ? ", " : "", vx_prog_type_name(i));
	vx_record_set(r, "prog_types_left", sb.buf);
	sb_free(&sb);
}

/* nb: where the next record's log starts (-1: none), lead: the text
 * between the held record's log and it */
static int pass_on(struct vx_clues *c, long nb, const struct gap *lead)
{
	struct vx_clue k;
	struct vx_record *r = c->held;
	struct span *sp = &c->held_span;
	int rc;

	if (!r)
		return 0;
	c->held = NULL;
	if (sp->a0 < 0 || nb < 0)
		sp->hi = -1;
	else if (lead->prompt > sp->a1 && lead->prompt < nb)
		sp->hi = lead->prompt;
	else if (c->held_blank > sp->a1 && c->held_blank < nb)
		sp->hi = c->held_blank;
	else /* neither between them: halfway */
		sp->hi = ((c->held_close > sp->a1 ? c->held_close : sp->a1) + nb + 1) / 2;
	/* a type the log's evidence rules out (a name's convention, raw_tp_x
	 * when the ctx is BTF-typed; a section or a loader's word for another
	 * program) never wins, whatever its rank */
	const struct vx_narrowing *ev = &c->held_proof;
	best_clue(c, r, sp, ev, &k);
	/* what the log proved outranks a name's convention, no clue told, and
	 * a clue of another window that only agrees with itself (agreed()) */
	const char *t = narrowed_type(&c->held_narrow);
	struct vx_clue own;
	int theirs = k.rank && !own_clue(c, r, sp, ev, &own);
	int by_name = k.rank == 1 && !strcmp(k.from, "name");
	if (t && (!k.rank || by_name || (theirs && strcmp(t, k.type))))
		k = (struct vx_clue){ .rank = 1, .type = t, .from = c->held_narrow.from };
	/* a name's convention the source's words rule out says nothing too */
	else if (!t && by_name && !vx_narrowing_allows(&c->held_narrow, k.type))
		k.rank = 0;
	vx_explain_finish(r, k.rank ? &k : NULL, c->hints, ev);
	clue_var(r, &k);
	left_var(r, &c->held_narrow);
	rc = c->fn(r, c->ctx);
	vx_record_free(r);
	return rc;
}

/* Where the record's verdict line was seen, -1 when it is not among the
 * recent lines (or lies before from). */
static long verdict_at(const struct vx_clues *c, const struct vx_record *r, long from)
{
	char want[64];

	if (!r->message || !*r->message)
		return -1;
	snprintf(want, sizeof(want), "%s", r->message);
	for (size_t k = 0; k < RECENT_LINES && k < c->nrecent; k++) {
		size_t i = (c->nrecent - 1 - k) % RECENT_LINES;
		if (c->recent[i].pos <= from)
			break;
		if (strstr(c->recent[i].text, want))
			return c->recent[i].pos;
	}
	return -1;
}

int vx_clues_emit(const struct vx_record *r, void *ctx)
{
	struct vx_clues *c = ctx;
	/* the window's log, without the event being seen when it is a log
	 * line: that one is the next log's (it showed this one was over) */
	long a0 = c->v_first, a1 = c->cur_v ? c->v_prev : c->v_last;
	if (c->cur_v && a0 == c->pos)
		a0 = -1;
	if (a0 < 0 || a1 < a0)
		a0 = a1 = -1;
	/* the log goes on to its verdict (a loader's statement, for one with
	 * no verifier line) */
	long v = verdict_at(c, r, a0 >= 0 ? a0 : c->emitted_at);
	if (v > a1)
		a1 = v;
	if (a0 < 0) /* no log line: its verdict or statement is this event */
		a0 = a1 = v >= 0 ? v : c->pos > c->emitted_at ? c->pos : -1;
	/* a new log opened since: no more clues for it */
	int rc = pass_on(c, a0, &c->lead);
	long lo = c->held_span.hi;

	c->held_span = (struct span){ c->gen, a0, a1, lo, -1 };
	/* what follows its last own event up to a blank line is its */
	struct own own = c->cur_v ? c->own_before : c->own;
	c->held_close = own.last > a1 ? own.last : a1;
	c->held_blank = own.blank > c->held_close ? own.blank : -1;
	if (c->cur_fence && c->held_blank < 0) /* a fence closes and separates */
		c->held_blank = c->pos;
	c->own = (struct own){ c->cur_v ? c->pos : -1, -1 };
	c->summary = 0;
	if (c->cur_v && a0 >= 0) /* the next log's first line */
		c->lead = c->gap_prev;
	c->v_first = c->v_last = c->cur_v ? c->pos : -1;
	c->v_prev = -1;
	c->emitted_at = c->pos;
	c->held = vx_record_dup(r);
	c->held_gen = c->gen++;
	c->held_narrow = c->narrow;
	c->held_proof = c->proof;
	forget_evidence(c);
	c->max_insn = -1;
	return rc;
}

int vx_clues_flush(struct vx_clues *c)
{
	return pass_on(c, c->v_first, &c->lead);
}
