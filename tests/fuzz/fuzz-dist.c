/* libFuzzer harness: the distribution parser (tests/fuzz/targets.c). Built by tests/fuzz/run-fuzz.sh. */
#include "targets.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  return eksim_fuzz_dist(data, size);
}
