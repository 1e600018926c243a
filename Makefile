# vexplain: explain eBPF verifier rejections.
# make            build ./vexplain
# make demo       build and explain the story's log (examples/aya-cgroup-skb-probe-read.log)
# make test       unit, corpus and command tests; ends with "N passed, N failed"
# make deps       install the build and test dependencies (Debian, apt-get)
# make install    PREFIX=/usr/local DESTDIR= (make uninstall: the same files removed)
# make format     clang-format the lines changed since FORMAT_BASE (default HEAD)
# make check-format  fail when those lines are not formatted (.clang-format: kernel style)
# make SAN=1      build with AddressSanitizer and UndefinedBehaviorSanitizer
#                 (make test SAN=1: the whole suite on that build)
# make WERROR=1   warnings are errors (for CI; a distribution build keeps them warnings)
# make bench      time vexplain on a real ~600 MB level-2 log (bench/run.sh)
# make fuzz       run each libFuzzer target of fuzz/ for FUZZ_SECONDS (default 60)
# make accuracy   how often vexplain is right on the held-out part of corpus/public
#
# CPPFLAGS, CFLAGS and LDFLAGS are the user's (as dpkg-buildflags passes
# them): the flags the build needs are in VX_CPPFLAGS, VX_CFLAGS, VX_LDFLAGS
# and VX_LIBS, so `make CFLAGS=-O0` keeps them.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
# the VM agent; vm.c also looks for it in ../lib/vexplain beside the binary
LIBEXECDIR ?= $(PREFIX)/lib/vexplain
MANDIR ?= $(PREFIX)/share/man
# where bash-completion looks for a command's completion (its pkg-config
# completionsdir is /usr/share/...; under /usr/local this is its local twin)
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
CC ?= cc
PKGS := libbpf libpcre2-8 libgit2 libcjson zlib

# A missing library is said here, by pkg-config, not later by the compiler
# (only when something is to be built: deps and clean need none).
ifneq ($(filter-out deps clean uninstall format check-format,$(or $(MAKECMDGOALS),all)),)
PKG_MISSING := $(shell pkg-config --print-errors --exists $(PKGS) 2>&1)
ifneq ($(PKG_MISSING),)
$(error pkg-config: $(PKG_MISSING) (make deps installs the build dependencies))
endif
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS := $(shell pkg-config --libs $(PKGS))
endif

CFLAGS ?= -O2 -g
VX_CPPFLAGS := -D_GNU_SOURCE -Isrc $(PKG_CFLAGS)
VX_CFLAGS := -std=gnu11 -Wall -Wextra -Wno-unused-parameter -Wshadow
VX_LDFLAGS :=
VX_LIBS := $(PKG_LIBS) -lpthread
ifeq ($(WERROR),1)
VX_CFLAGS += -Werror
endif
ifeq ($(SAN),1)
VX_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
VX_LDFLAGS += -fsanitize=address,undefined
BUILD := build-san
# the sanitized binary stays in build-san/: ./vexplain is the normal one
BIN := $(BUILD)/vexplain
else
BUILD := build
BIN := vexplain
endif
COMPILE = $(CC) $(CPPFLAGS) $(VX_CPPFLAGS) $(VX_CFLAGS) $(CFLAGS) -MMD -MP

# A rule that fails leaves no half-written target behind.
.DELETE_ON_ERROR:

# Debian packages needed to build and to run every test (libclang-rt: libFuzzer
# for make fuzz; apt installs it only as a recommendation of clang).
DEPS := build-essential pkg-config libbpf-dev libpcre2-dev libgit2-dev libcjson-dev \
	libelf-dev zlib1g-dev clang llvm git bpftool cpio qemu-system-x86 busybox-static time \
	libclang-rt-14-dev xz-utils zstd python3 python3-jsonschema util-linux \
	man-db bash-completion

SRCS := $(wildcard src/*.c)
OBJS := $(patsubst src/%.c,$(BUILD)/%.o,$(SRCS)) $(BUILD)/embedded.o
# main.c and complete.c (which lists main.c's command table) are the face:
# unit tests and fuzz targets link everything else
FACE := main complete
LIB_OBJS := $(filter-out $(patsubst %,$(BUILD)/%.o,$(FACE)),$(OBJS))
DATA := $(shell find patterns -type f \( -name '*.pat' -o -name '*.tsv' \) | LC_ALL=C sort)
UNIT_SRCS := $(wildcard tests/unit_*.c)
UNIT_BINS := $(patsubst tests/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))

.PHONY: all test check deps install uninstall clean format check-format bench corpus corpus-vm \
	coverage demo fuzz fuzz-build accuracy progtype-ablate man

all: $(BIN) build/vexplain-agent $(BUILD)/man/vexplain.1

# Man pages from the help text (tools/mkman.py): vexplain(1), vexplain-CMD(1).
$(BUILD)/man/vexplain.1: $(BIN) tools/mkman.py
	python3 tools/mkman.py ./$(BIN) $(BUILD)/man
man: $(BUILD)/man/vexplain.1

$(BIN): $(OBJS)
	$(CC) $(VX_LDFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(VX_LIBS) $(LDLIBS)

# header dependencies: -MMD writes build/X.d beside build/X.o
$(BUILD)/%.o: src/%.c | $(BUILD)
	$(COMPILE) -c -o $@ $<

$(BUILD)/embedded.c: $(DATA) tools/embed.sh | $(BUILD)
	tools/embed.sh $@ $(DATA)

$(BUILD)/embedded.o: $(BUILD)/embedded.c
	$(COMPILE) -c -o $@ $<

$(BUILD)/tests/%: tests/%.c $(LIB_OBJS) | $(BUILD)
	@mkdir -p $(BUILD)/tests
	$(COMPILE) -Itests $(VX_LDFLAGS) $(LDFLAGS) -o $@ $< $(LIB_OBJS) $(VX_LIBS) $(LDLIBS)

-include $(OBJS:.o=.d) $(UNIT_BINS:=.d)

$(BUILD):
	@mkdir -p $(BUILD)

# The VM agent (tools/agent.c, src/vm_agent.h): static, it runs as /init in
# qemu, so it links what libbpf.a needs (pkg-config --static: libelf, zlib).
# Never sanitized (no static ASan runtime); shared by SAN=1 builds. Stripped
# (a smaller initramfs) unless AGENT_STRIP= (a packager's dbgsym).
# The probe's type table is data (patterns/progtypes.tsv): the agent embeds
# that one file and reads it with helpers.c, as vexplain does.
AGENT_SRCS := tools/agent.c src/bpfload.c src/probecore.c src/helpers.c src/data.c src/util.c \
	src/util_fs.c src/util_proc.c src/util_tsv.c build/agent-data.c
AGENT_DATA := patterns/progtypes.tsv
AGENT_LIBS = $(shell pkg-config --static --libs libbpf zlib)
AGENT_STRIP ?= -s
build/agent-data.c: $(AGENT_DATA) tools/embed.sh
	@mkdir -p build
	tools/embed.sh $@ $(AGENT_DATA)
build/vexplain-agent: $(AGENT_SRCS) $(wildcard src/*.h)
	@mkdir -p build
	$(CC) $(CPPFLAGS) -D_GNU_SOURCE -Isrc -std=gnu11 -Wall \
		$(filter-out -fsanitize% -fno-sanitize%,$(CFLAGS)) $(LDFLAGS) -static $(AGENT_STRIP) \
		-o $@ $(AGENT_SRCS) $(AGENT_LIBS)

# The main job on the embedded example; exit 1 means "a rejection was explained".
demo: $(BIN)
	./$(BIN) examples/aya-cgroup-skb-probe-read.log || [ $$? -eq 1 ]

# TESTS="unit_* t_cli" runs only those (tests/run.sh); SAN=1 tests the sanitized binary
test check: $(BIN) build/vexplain-agent $(UNIT_BINS)
	@BUILD=$(BUILD) VEXPLAIN=$(abspath $(BIN)) $(if $(filter 1,$(SAN)),VEXPLAIN_AGENT=$(abspath build/vexplain-agent)) \
		tests/run.sh

# A real level-2 log of ~600 MB (made once, kept in ~/.cache/vexplain/bench).
bench: $(BIN)
	bench/run.sh ./$(BIN)
	tools/bench-bisect.sh

# libFuzzer targets (clang): every src/*.c but main.c, with ASan and UBSan.
FUZZ_SECONDS ?= 60
FUZZ := build-fuzz
FUZZ_CFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=undefined -std=gnu11 -D_GNU_SOURCE -Isrc $(PKG_CFLAGS) -MMD -MP
FUZZ_OBJS := $(patsubst src/%.c,$(FUZZ)/%.o,$(filter-out $(patsubst %,src/%.c,$(FACE)),$(SRCS))) $(FUZZ)/embedded.o
FUZZ_BINS := $(patsubst fuzz/%.c,$(FUZZ)/%,$(wildcard fuzz/fuzz_*.c))

$(FUZZ)/%.o: src/%.c
	@mkdir -p $(FUZZ)
	clang $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ)/embedded.o: $(BUILD)/embedded.c
	@mkdir -p $(FUZZ)
	clang $(FUZZ_CFLAGS) -c -o $@ $<

# fuzz_prefilter includes src/patterns.c itself (it checks static functions)
$(FUZZ)/fuzz_prefilter: fuzz/fuzz_prefilter.c src/patterns.c $(FUZZ_OBJS)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(filter-out $(FUZZ)/patterns.o,$(FUZZ_OBJS)) $(VX_LIBS) $(LDLIBS)

$(FUZZ)/fuzz_%: fuzz/fuzz_%.c fuzz/harness.h $(FUZZ_OBJS)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJS) $(VX_LIBS) $(LDLIBS)

-include $(FUZZ_OBJS:.o=.d)

# the objects are kept between runs
.SECONDARY: $(FUZZ_OBJS)

fuzz-build: $(FUZZ_BINS)

fuzz: fuzz-build
	fuzz/run.sh $(FUZZ_SECONDS)

deps:
	@missing=$$(for p in $(DEPS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

install: $(BIN) build/vexplain-agent $(BUILD)/man/vexplain.1
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(BASHCOMPDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/vexplain
	install -m 755 build/vexplain-agent $(DESTDIR)$(LIBEXECDIR)/vexplain-agent
	install -m 644 $(BUILD)/man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 completion/vexplain $(DESTDIR)$(BASHCOMPDIR)/vexplain

# what install put there (the man pages by their names: vexplain.1, vexplain-CMD.1)
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/vexplain $(DESTDIR)$(LIBEXECDIR)/vexplain-agent \
		$(DESTDIR)$(MANDIR)/man1/vexplain.1 $(DESTDIR)$(MANDIR)/man1/vexplain-*.1 \
		$(DESTDIR)$(BASHCOMPDIR)/vexplain
	-rmdir $(DESTDIR)$(LIBEXECDIR) 2>/dev/null

# Regenerate corpus/logs/ from corpus/src/ on this kernel (root; see corpus/README.md).
corpus:
	$(MAKE) -C corpus

# The same sources on Debian's 6.1 and 6.12 in qemu, into corpus/vm/ (corpus/README.md).
corpus-vm: $(BIN) build/vexplain-agent
	corpus/vm/gen.sh $(KERNELS)

# Only the lines changed since FORMAT_BASE: the tree as it is was written by
# hand in kernel style, which clang-format approximates (.clang-format).
FORMAT_BASE ?= HEAD
FORMAT_FILES := -- src tests tools fuzz
format:
	git clang-format --extensions c,h $(FORMAT_BASE) $(FORMAT_FILES)

check-format:
	@out=$$(git clang-format --diff --extensions c,h $(FORMAT_BASE) $(FORMAT_FILES)); \
	case "$$out" in ""|"no modified files to format"|*"did not modify any files"*) ;; \
	*) printf '%s\n' "$$out"; echo "check-format: run make format"; exit 1;; esac

clean:
	rm -rf build build-san build-fuzz vexplain

# Which verifier messages the pattern database covers (tools/coverage.py).
#   make coverage KSRC=DIR [COVERAGE_OUT=FILE]   one kernel tree; the report to stdout or FILE
#   make coverage                                Debian's linux-source 6.1 and 6.12, unpacked
#                                                under KSRC_CACHE, into corpus/coverage-*.md
KSRC_CACHE ?= /var/tmp/ksrc
COVERAGE_KERNELS ?= 6.1 6.12
COVERAGE_DIRS := Makefile kernel net include drivers/hid drivers/net/ethernet/netronome \
	drivers/net/netdevsim fs security
coverage: vexplain
ifneq ($(KSRC),)
	python3 tools/coverage.py $(KSRC) $(if $(COVERAGE_OUT),--out $(COVERAGE_OUT))
else
	@set -e; for v in $(COVERAGE_KERNELS); do \
		d=$(KSRC_CACHE)/linux-source-$$v; \
		if [ ! -f $$d/kernel/bpf/verifier.c ]; then \
			[ -f /usr/src/linux-source-$$v.tar.xz ] || \
				DEBIAN_FRONTEND=noninteractive apt-get install -y -qq linux-source-$$v; \
			echo "unpacking linux-source-$$v into $(KSRC_CACHE)"; \
			mkdir -p $(KSRC_CACHE); \
			tar xJf /usr/src/linux-source-$$v.tar.xz -C $(KSRC_CACHE) \
				$(foreach p,$(COVERAGE_DIRS),linux-source-$$v/$(p)); \
		fi; \
		python3 tools/coverage.py $$d --no-other --out corpus/coverage-$$v.md; \
	done
endif

# How often vexplain is right on the held-out test part of corpus/public
# (tools/accuracy.py; ACCURACY_PART=dev for the part patterns are tuned on,
# ACCURACY_COLLECTED=DATE for the logs collected that day, ACCURACY_BATCH=NAME for one batch,
# by its metas' collected: and batch: fields).
ACCURACY_PART ?= test
accuracy: $(BIN)
	VEXPLAIN=$(abspath $(BIN)) python3 tools/accuracy.py --part $(ACCURACY_PART) $(if $(ACCURACY_COLLECTED),--collected $(ACCURACY_COLLECTED)) $(if $(ACCURACY_BATCH),--batch $(ACCURACY_BATCH))

# The program type with its clue left out (tools/progtype-ablate.py): on each
# dev log that tells its type, the words the answer came from are removed and
# vexplain runs again; right / wrong / null. ABLATE_ARGS=-v lists each log.
progtype-ablate: $(BIN)
	VEXPLAIN=$(abspath $(BIN)) python3 tools/progtype-ablate.py $(ABLATE_ARGS)
