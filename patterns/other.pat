# Rejections that fit no other category of categories.tsv. Every rejection
# format of the kernels `make coverage` reads (6.1, 6.12) has an entry in its
# own category; a message that lands here is one to give a category (the
# coverage report lists them). Malformed instructions are bad-insn.pat,
# verifier internal errors verifier-bug.pat, NFP offload limits sit with the
# category of what they limit.

id: other-libbpf-data-relo
category: other
match: ^(?:libbpf: )?Program '(?<section>[^']*)' contains non-map related relo data pointing to section (?<shndx>\d+)$
title: this libbpf cannot relocate a reference to a data section (global or read-only data)
explain: The program refers to data in ELF section {shndx} (a global variable, or a constant such as a string the compiler placed in .rodata), and this old libbpf only knew relocations to maps, so it refused the object before any program reached the kernel.
fix: Use a newer loader (libbpf 0.0.6+ / bpftool from a 5.2+ kernel) that turns .data/.rodata/.bss into maps.
fix: With an old loader, keep constants on the stack (`char fmt[] = "..."` inside the function) and avoid global variables.
kernels: printed by libbpf before 0.0.6 (kernels before 5.2).
example: libbpf: Program 'kprobe/do_sys_open' contains non-map related relo data pointing to section 6

# A load that failed with no verdict in its log: vexplain load (and bisect
# --object) pass the loader's words as the hint loader_refused when no entry
# knows them, and this entry explains them. `action: said`: never the
# verdict of a log line of its own; the match is the line libbpf prints when
# it gives up on the program.
id: loader-refused
category: other
action: said
match: ^prog '(?<prog>[^']+)': failed to load: (?<err>-\d+)$
title: {loader|the loader} refused the program before the verifier said anything
explain: The load failed{load_error| ({load_error})} without a verifier log: {loader|the loader} stopped before the kernel's verifier said anything about the program, and vexplain has no pattern for {loader|the loader}'s message.
fix: Read {loader|the loader}'s messages for this program (vexplain load --raw prints them).
fix: Add a pattern for the message in patterns/ (see patterns/README.md) so the next person gets an answer.
example: prog 'odd_section': failed to load: -22
