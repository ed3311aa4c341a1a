// The libFuzzer entry point of one fuzz target: PARAGRAF_FUZZ_FUNCTION names
// the function of targets.h it runs (CMakeLists.txt builds one executable
// per function). A broken contract aborts, so libFuzzer keeps the input.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "targets.h"

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  // Grammar, dictionary and database load here, not in the first input's
  // time limit.
  (void)paragraf::fuzz::PARAGRAF_FUZZ_FUNCTION("");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string failure = paragraf::fuzz::PARAGRAF_FUZZ_FUNCTION(
      std::string_view(reinterpret_cast<const char*>(data), size));
  if (!failure.empty()) {
    std::fprintf(stderr, "paragraf fuzz: contract broken: %s\n", failure.c_str());
    std::abort();
  }
  return 0;
}
