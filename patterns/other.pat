# Rejections that fit no other category of categories.tsv. Every rejection
# format of the kernels `make coverage` reads (6.1, 6.12) has an entry in its
# own category; a message that lands here is one to give a category (the
# coverage report lists them). Malformed instructions are bad-insn.pat,
# verifier internal errors verifier-bug.pat, NFP offload limits sit with the
# category of what they limit.
