// SPDX-License-Identifier: MIT
/* libFuzzer target: fz_vlog() of harness.h (see there); make fuzz runs it. */
#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (fz_vlog(data, size))
		abort(); /* an invariant broke: libFuzzer saves the input */
	return 0;
}
