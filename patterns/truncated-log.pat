# The log ends with no verdict.

id: truncated-enospc
category: truncated-log
match: ^(?:.*\bNo space left on device\b.*|.*verification log buffer not big enough.*|.*\bverifier log (?:was )?truncated\b.*|verifier log line truncated - local buffer too short)$
title: the verifier log was cut (the buffer was too small)
explain: The verifier filled the log buffer and the load failed with ENOSPC, or the loader cut the log; the line stating the rejection, which comes at the end, is missing.
fix: Give the loader a bigger log buffer (libbpf: `kernel_log_size` in bpf_object_open_opts or bpf_program__set_log_buf; bpftool: `-d`; cilium/ebpf: `LogSizeStart`; bpftrace: `BPFTRACE_LOG_SIZE=100000000`), or use log level 1 instead of 2 so the log stays short.
example: libbpf: prog 'handle': BPF program load failed: No space left on device
example: ERROR: Error: Failed to load program, verification log buffer not big enough, try increasing the BPFTRACE_LOG_SIZE environment variable beyond the current value of 1 bytes
