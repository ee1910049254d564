// libFuzzer's driver, declared for the fuzzing harness (Sources/BourseFuzz).
//
// Nothing is linked here: the symbol comes from the compiler runtime's libFuzzer, which
// `swiftc -sanitize=fuzzer` links. The harness calls it only when built with
// `-DBOURSE_FUZZING` (see Scripts/fuzz.sh); the plain build never references it.
#ifndef BOURSE_CLIBFUZZER_SHIM_H
#define BOURSE_CLIBFUZZER_SHIM_H

#include <stddef.h>
#include <stdint.h>

/// Parses libFuzzer's flags from argv and fuzzes `callback` (the same as libFuzzer's own `main`).
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
