// hcmsim: one binary, several subcommands (see sim/cli/commands.hpp).
#include <cstdlib>

#include "sim/cli/commands.hpp"

int main(int argc, char** argv) {
    ::setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
    return hcm::cli::dispatch(argc, argv);
}
