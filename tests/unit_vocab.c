// SPDX-License-Identifier: MIT
/* A loader's own statements around a kernel log are not the verdict (issue
 * 10). The statements are the format strings of the loaders' sources filled
 * in: libbpf's pr_warn (tools/lib/bpf/libbpf.c, btf.c, relo_core.c of Linux
 * 6.1 and 6.12) and bpftool's p_err (tools/bpf/bpftool/prog.c), printed
 * before and after a real 6.18 log body (corpus/logs/scalar_kprobe_arg.log):
 * the verdict must stay the kernel's line. */
#include "testlib.h"

#include <stdlib.h>

#include "patterns.h"
#include "pipeline.h"
#include "record.h"
#include "util.h"

static struct vx_db *db;

static const char *body =
	"0: R1=ctx() R10=fp0\n"
	"; int BPF_KPROBE(openat2_enter, int dfd, const char *filename, struct open_how *how) @ scalar_kprobe_arg.bpf.c:19\n"
	"0: (79) r1 = *(u64 *)(r1 +96)         ; R1=scalar()\n"
	"; return how->flags & 1; @ scalar_kprobe_arg.bpf.c:21\n"
	"1: (79) r0 = *(u64 *)(r1 +0)\n"
	"R1 invalid mem access 'scalar'\n"
	"processed 2 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n";

static const char *verdict = "R1 invalid mem access 'scalar'";

/* pr_warn / p_err format strings, filled in */
static const char *stmts[] = {
	"libbpf: prog 'openat2_enter': BPF program load failed: Permission denied",
	"libbpf: prog 'openat2_enter': failed to load: -13",
	"libbpf: failed to load object 'scalar_kprobe_arg.bpf.o'",
	"libbpf: prog 'openat2_enter': failed to prepare load attributes: -22",
	"libbpf: prog 'openat2_enter': relo #3: bad insn",
	"libbpf: prog 'openat2_enter': failed to relocate calls: -22",
	"libbpf: map 'events': failed to create: Invalid argument(-22)",
	"libbpf: sec '.rodata': failed to determine size from ELF: size 0, err -22",
	"libbpf: failed to guess program type from ELF section 'kprobe2/x'",
	"libbpf: supported section(type) names are: socket sk_reuseport/migrate kprobe+",
	"libbpf: elf: skipping unrecognized data section(7) .rodata.str1.1",
	"libbpf: prog 'openat2_enter': missing BPF prog type, check ELF section name 'foo'",
	"libbpf: Error: failed to create BPF map 'events'",
	"Error: failed to load object file",
	"Error: failed to open object file",
	"Error: failed to pin all programs",
	"Error: failed to open and/or load BPF object",
	"Error: object file doesn't contain any bpf program",
	"Error: can't get prog info: Invalid argument",
	"Warning: bpftool is now running in libbpf strict mode and has more stringent requirements about BPF programs.",
};

static void expect_kernel(const char *name, const char *in)
{
	struct vx_record **r = NULL;
	size_t n = 0;
	vx_explain_buffer(db, NULL, in, strlen(in), &r, &n);
	const struct vx_record *a = NULL;
	for (size_t i = n; i-- > 0 && !a;)
		if (r[i]->verdict == VX_REJECTED)
			a = r[i];
	CHECK_STR(name, a ? a->message : NULL, verdict);
	for (size_t i = 0; i < n; i++)
		vx_record_free(r[i]);
	free(r);
}

static void test_around(void)
{
	struct strbuf in = STRBUF_INIT;
	char name[512];
	for (size_t i = 0; i < sizeof(stmts) / sizeof(stmts[0]); i++) {
		sb_reset(&in);
		sb_adds(&in, stmts[i]);
		sb_addc(&in, '\n');
		sb_adds(&in, body);
		sb_adds(&in, stmts[i]);
		sb_addc(&in, '\n');
		snprintf(name, sizeof(name), "around bare log: %s", stmts[i]);
		expect_kernel(name, sb_str(&in));
		sb_reset(&in);
		sb_adds(&in, "libbpf: prog 'openat2_enter': -- BEGIN PROG LOAD LOG --\n");
		sb_adds(&in, body);
		sb_adds(&in, "-- END PROG LOAD LOG --\n");
		sb_adds(&in, stmts[i]);
		sb_addc(&in, '\n');
		snprintf(name, sizeof(name), "after framed log: %s", stmts[i]);
		expect_kernel(name, sb_str(&in));
	}
	sb_free(&in);
}

int main(void)
{
	struct strbuf err = STRBUF_INIT;
	if (vx_db_load(NULL, &db, &err)) {
		FAIL("vocab: database", "%s", sb_str(&err));
		return 1;
	}
	test_around();
	vx_db_free(db);
	sb_free(&err);
	TL_EXIT();
}
