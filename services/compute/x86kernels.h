#pragma once
// Whether the compute core builds its x86-specific kernels: intrinsics, target attributes and the
// run-time choice between them. Only on x86-64 with GCC or Clang, and only unless the build defines
// SEXTANT_PORTABLE_KERNELS (CMake: -DSEXTANT_X86_KERNELS=OFF, which the compute_portable test uses to
// check the other path on x86). Everywhere else each kernel compiles as plain C++ with the same results.

#if (defined(__x86_64__) || defined(_M_X64)) && defined(__GNUC__) && !defined(SEXTANT_PORTABLE_KERNELS)
#define SEXTANT_HAVE_X86_KERNELS 1
// GCC builds the function once per listed x86 target and picks one when the program loads.
#define SEXTANT_TARGET_CLONES(...) __attribute__((target_clones(__VA_ARGS__)))
#else
#define SEXTANT_HAVE_X86_KERNELS 0
#define SEXTANT_TARGET_CLONES(...)
#endif
