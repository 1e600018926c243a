# vexplain: explain eBPF verifier rejections.
# make            build ./vexplain
# make demo       build and explain the story's log (examples/aya-cgroup-skb-probe-read.log)
# make test       unit, corpus and command tests; ends with "N passed, N failed"
# make deps       install the build and test dependencies (Debian, apt-get)
# make install    PREFIX=/usr/local DESTDIR=
# make SAN=1      build with AddressSanitizer and UndefinedBehaviorSanitizer
#                 (make test SAN=1: the whole suite on that build)
# make bench      time vexplain on a real ~600 MB level-2 log (bench/run.sh)
# make fuzz       run each libFuzzer target of fuzz/ for FUZZ_SECONDS (default 60)
# make accuracy   how often vexplain is right on the held-out part of corpus/public

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
# where bash-completion looks for a command's completion (its pkg-config
# completionsdir is /usr/share/...; under /usr/local this is its local twin)
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
CC ?= cc
PKGS := libbpf libpcre2-8 libgit2 libcjson

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

CFLAGS ?= -O2 -g
CFLAGS += -std=gnu11 -Wall -Wextra -Wno-unused-parameter -Wshadow -D_GNU_SOURCE -Isrc -Ibuild $(PKG_CFLAGS)
LDLIBS += $(PKG_LIBS) -lelf -lz -lpthread
ifeq ($(SAN),1)
CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
BUILD := build-san
# the sanitized binary stays in build-san/: ./vexplain is the normal one
BIN := $(BUILD)/vexplain
else
BUILD := build
BIN := vexplain
endif

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

.PHONY: all test check deps install clean format bench corpus corpus-vm coverage demo fuzz fuzz-build accuracy man

all: $(BIN) build/vexplain-agent $(BUILD)/man/vexplain.1

# Man pages from the help text (tools/mkman.py): vexplain(1), vexplain-CMD(1).
$(BUILD)/man/vexplain.1: $(BIN) tools/mkman.py
	python3 tools/mkman.py ./$(BIN) $(BUILD)/man
man: $(BUILD)/man/vexplain.1

$(BIN): $(OBJS)
	$(CC) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

$(BUILD)/%.o: src/%.c $(wildcard src/*.h) | $(BUILD)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/embedded.c: $(DATA) tools/embed.sh | $(BUILD)
	tools/embed.sh $@ $(DATA)

$(BUILD)/embedded.o: $(BUILD)/embedded.c src/data.h
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/%.c tests/testlib.h $(LIB_OBJS) | $(BUILD)
	@mkdir -p $(BUILD)/tests
	$(CC) $(CFLAGS) -Itests $(LDFLAGS) -o $@ $< $(LIB_OBJS) $(LDLIBS)

$(BUILD):
	@mkdir -p $(BUILD)

# The VM agent (tools/agent.c, src/vm.h): static, it runs as /init in qemu.
# Never sanitized (no static ASan runtime); shared by SAN=1 builds.
AGENT_SRCS := tools/agent.c src/bpfload.c src/probecore.c src/util.c
build/vexplain-agent: $(AGENT_SRCS) src/bpfload.h src/probecore.h src/util.h
	@mkdir -p build
	$(CC) $(filter-out -fsanitize% -fno-sanitize%,$(CFLAGS)) -static -s -o $@ $(AGENT_SRCS) \
		-lbpf -lelf -lz

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
	-fno-sanitize-recover=undefined -std=gnu11 -D_GNU_SOURCE -Isrc $(PKG_CFLAGS)
FUZZ_OBJS := $(patsubst src/%.c,$(FUZZ)/%.o,$(filter-out $(patsubst %,src/%.c,$(FACE)),$(SRCS))) $(FUZZ)/embedded.o
FUZZ_BINS := $(patsubst fuzz/%.c,$(FUZZ)/%,$(wildcard fuzz/fuzz_*.c))

$(FUZZ)/%.o: src/%.c $(wildcard src/*.h)
	@mkdir -p $(FUZZ)
	clang $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ)/embedded.o: $(BUILD)/embedded.c src/data.h
	@mkdir -p $(FUZZ)
	clang $(FUZZ_CFLAGS) -c -o $@ $<

# fuzz_prefilter includes src/patterns.c itself (it checks static functions)
$(FUZZ)/fuzz_prefilter: fuzz/fuzz_prefilter.c src/patterns.c $(FUZZ_OBJS)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(filter-out $(FUZZ)/patterns.o,$(FUZZ_OBJS)) $(LDLIBS)

$(FUZZ)/fuzz_%: fuzz/fuzz_%.c fuzz/harness.h $(FUZZ_OBJS)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJS) $(LDLIBS)

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
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(PREFIX)/lib/vexplain $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(BASHCOMPDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/vexplain
	install -m 755 build/vexplain-agent $(DESTDIR)$(PREFIX)/lib/vexplain/vexplain-agent
	install -m 644 $(BUILD)/man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 completion/vexplain $(DESTDIR)$(BASHCOMPDIR)/vexplain

# Regenerate corpus/logs/ from corpus/src/ on this kernel (root; see corpus/README.md).
corpus:
	$(MAKE) -C corpus

# The same sources on Debian's 6.1 and 6.12 in qemu, into corpus/vm/ (corpus/README.md).
corpus-vm: $(BIN) build/vexplain-agent
	corpus/vm/gen.sh $(KERNELS)

format:
	clang-format -i src/*.c src/*.h tests/*.c tests/*.h

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
# (tools/accuracy.py; ACCURACY_PART=dev for the part patterns are tuned on).
ACCURACY_PART ?= test
accuracy: $(BIN)
	VEXPLAIN=$(abspath $(BIN)) python3 tools/accuracy.py --part $(ACCURACY_PART)
