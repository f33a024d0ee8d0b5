#pragma once
// AddressSanitizer and SystemC's coroutines.
//
// SystemC 2.3.4 (QuickThreads) tells ASan about each switch between
// coroutine stacks, but describes the main coroutine's stack as unknown
// (bottom 0, size 0): once a simulation has run, ASan no longer knows which
// stack main() is on, and the next exception thrown there makes it skip the
// stack unpoisoning it does for exceptions ("ASan is ignoring requested
// __asan_handle_no_return"), after which false reports can follow.
//
// Call this on the main stack after sc_start() returns: it announces the
// thread's real stack as the current one. A no-op in builds without ASan.
namespace hcm {

void announceMainStackToSanitizer();

}  // namespace hcm
