#pragma once
// Requests, completions and commands exchanged with the DRAM timing engine.
// All times are in memory-clock cycles (tCK) from simulation start.
#include <cstdint>
#include <limits>

namespace hcm {

enum class DramCommand : uint8_t { ACT, PRE, PREA, RD, WR, RDA, WRA, REF };
const char* toString(DramCommand c);

// What a request found in its bank when the scheduler first served it.
enum class RowOutcome : int8_t {
    None = -1,   // not served yet
    Hit = 0,     // its row was open: column command only
    Miss = 1,    // bank closed: ACT, then column command
    Conflict = 2 // another row open: PRE, ACT, then column command
};

// One burst-sized access.
struct DramRequest {
    uint64_t addr = 0;
    bool is_write = false;
    int64_t arrival_cycle = 0;  // earlier than the channel's current cycle means "now"
    uint64_t tag = 0;           // returned in the completion, opaque to the model
};

struct DramCompletion {
    uint64_t tag = 0;
    uint64_t addr = 0;
    bool is_write = false;
    int channel = 0;
    int64_t arrival_cycle = 0;     // effective arrival (after clamping to the channel's time)
    int64_t issue_cycle = 0;       // the column command (the request left the queue here)
    int64_t completion_cycle = 0;  // last data beat on the bus
    RowOutcome outcome = RowOutcome::None;
};

// One issued command, for tests and debugging (DramController::setCommandLog).
struct DramCommandRecord {
    int64_t cycle = 0;
    DramCommand cmd = DramCommand::ACT;
    int channel = 0, rank = 0, bankgroup = 0, bank = 0;
    int64_t row = -1;
};

constexpr int64_t kDramNever = std::numeric_limits<int64_t>::max() / 4;

}  // namespace hcm
