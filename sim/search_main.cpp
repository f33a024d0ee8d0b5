// hcmsim-search: the `search` subcommand in its own executable, the only one
// linked against pagmo (see sim/CMakeLists.txt). `hcmsim search ...` runs it;
// it also runs alone as `hcmsim-search ...` with the same arguments.
#include <cstdlib>

#include "sim/cli/commands.hpp"

int main(int argc, char** argv) {
    ::setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
    hcm::cli::Args args(argv, argv + argc);
    args[0] = "search";
    return hcm::cli::runCommand("search", hcm::cli::runSearchCommand, args);
}
