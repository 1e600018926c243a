// SPDX-License-Identifier: MIT
/* Which context loads tell the program type: for each type with a context
 * of its own, load "r2 = *(uN *)(r1 + off); r0 = 0; exit" for each width
 * and offset and read the type the verifier gives r2. Prints the
 * patterns/progtype-clues.tsv "access" rows: every (width, offset, register
 * type) that is a pointer, with the types that give it.
 *
 *   cc -O2 -o /tmp/ctx-access-probe tools/ctx-access-probe.c -lbpf
 *   sudo /tmp/ctx-access-probe          (as root: cgroup_skb needs CAP_BPF)
 *
 * Types whose context is BTF-typed (tracing, lsm, struct_ops, ext), user
 * memory (syscall) or not loadable here (lirc_mode2) are left out. */
#include <bpf/bpf.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_OFF 256
#define MAX_ROWS 256

struct ptype {
	const char *name;
	int type, attach;
};

static const struct ptype ptypes[] = {
	{ "socket_filter", BPF_PROG_TYPE_SOCKET_FILTER, 0 },
	{ "kprobe", BPF_PROG_TYPE_KPROBE, 0 },
	{ "sched_cls", BPF_PROG_TYPE_SCHED_CLS, 0 },
	{ "sched_act", BPF_PROG_TYPE_SCHED_ACT, 0 },
	{ "tracepoint", BPF_PROG_TYPE_TRACEPOINT, 0 },
	{ "xdp", BPF_PROG_TYPE_XDP, BPF_XDP },
	{ "perf_event", BPF_PROG_TYPE_PERF_EVENT, 0 },
	{ "cgroup_skb", BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_EGRESS },
	{ "cgroup_sock", BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE },
	{ "lwt_in", BPF_PROG_TYPE_LWT_IN, 0 },
	{ "lwt_out", BPF_PROG_TYPE_LWT_OUT, 0 },
	{ "lwt_xmit", BPF_PROG_TYPE_LWT_XMIT, 0 },
	{ "sock_ops", BPF_PROG_TYPE_SOCK_OPS, BPF_CGROUP_SOCK_OPS },
	{ "sk_skb", BPF_PROG_TYPE_SK_SKB, BPF_SK_SKB_STREAM_VERDICT },
	{ "cgroup_device", BPF_PROG_TYPE_CGROUP_DEVICE, BPF_CGROUP_DEVICE },
	{ "sk_msg", BPF_PROG_TYPE_SK_MSG, BPF_SK_MSG_VERDICT },
	{ "raw_tracepoint", BPF_PROG_TYPE_RAW_TRACEPOINT, 0 },
	{ "cgroup_sock_addr", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_CONNECT },
	{ "lwt_seg6local", BPF_PROG_TYPE_LWT_SEG6LOCAL, 0 },
	{ "sk_reuseport", BPF_PROG_TYPE_SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT },
	{ "flow_dissector", BPF_PROG_TYPE_FLOW_DISSECTOR, BPF_FLOW_DISSECTOR },
	{ "cgroup_sysctl", BPF_PROG_TYPE_CGROUP_SYSCTL, BPF_CGROUP_SYSCTL },
	{ "raw_tracepoint_writable", BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, 0 },
	{ "cgroup_sockopt", BPF_PROG_TYPE_CGROUP_SOCKOPT, BPF_CGROUP_GETSOCKOPT },
	{ "sk_lookup", BPF_PROG_TYPE_SK_LOOKUP, BPF_SK_LOOKUP },
	{ "netfilter", 32 /* BPF_PROG_TYPE_NETFILTER */, 45 /* BPF_NETFILTER */ },
};

struct row {
	int op;
	int off;
	char reg[48];
	char types[512];
};

static struct row rows[MAX_ROWS];
static size_t nrows;

/* "R2_w=pkt(r=0)" or "R2=sock_or_null(id=1)": the type, "" if none. */
static void reg_type(const char *log, char *out, size_t size)
{
	const char *p = strstr(log, " R2_w=");
	size_t n;

	if (!p)
		p = strstr(log, " R2=");
	out[0] = '\0';
	if (!p)
		return;
	p = strchr(p, '=') + 1;
	n = strcspn(p, "( \n");
	snprintf(out, size, "%.*s", (int)n, p);
}

static void add(int op, int off, const char *reg, const char *type)
{
	for (size_t i = 0; i < nrows; i++) {
		struct row *r = &rows[i];
		if (r->op == op && r->off == off && !strcmp(r->reg, reg)) {
			strncat(r->types, ",", sizeof(r->types) - strlen(r->types) - 1);
			strncat(r->types, type, sizeof(r->types) - strlen(r->types) - 1);
			return;
		}
	}
	if (nrows == MAX_ROWS)
		return;
	rows[nrows].op = op;
	rows[nrows].off = off;
	snprintf(rows[nrows].reg, sizeof(rows[nrows].reg), "%s", reg);
	snprintf(rows[nrows].types, sizeof(rows[nrows].types), "%s", type);
	nrows++;
}

static void probe(const struct ptype *pt, int size, int off)
{
	static char log[65536];
	int bpf_size = size == 4 ? BPF_W : BPF_DW;
	struct bpf_insn insns[] = {
		{ .code = BPF_LDX | BPF_MEM | bpf_size, .dst_reg = 2, .src_reg = 1, .off = off },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = pt->attach, .log_buf = log,
		    .log_size = sizeof(log), .log_level = 2);
	char reg[48];

	log[0] = '\0';
	int fd = bpf_prog_load(pt->type, NULL, "GPL", insns, 3, &opts);
	if (fd < 0)
		return;
	close(fd);
	reg_type(log, reg, sizeof(reg));
	if (reg[0] && strcmp(reg, "scalar") && strncmp(reg, "inv", 3))
		add(size == 4 ? 0x61 : 0x79, off, reg, pt->name);
}

int main(void)
{
	for (size_t t = 0; t < sizeof(ptypes) / sizeof(ptypes[0]); t++)
		for (int off = 0; off < MAX_OFF; off += 4) {
			probe(&ptypes[t], 4, off);
			if (off % 8 == 0)
				probe(&ptypes[t], 8, off);
		}
	for (size_t i = 0; i < nrows; i++)
		printf("access\t%x\t%d\t%s\t%s\n", rows[i].op, rows[i].off, rows[i].reg,
		       rows[i].types);
	return 0;
}
