// MemoryCharacterization: the configuration it belongs to, the platform-side
// arithmetic around the DRAM core model (interconnect, clock domains,
// refresh), the O(1) summary queries, and JSON.
#include "memory_characterization.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "hw/controller/tensor_layout.hpp"

namespace hcm {

// Probes the mapping bit by bit: which address bits select the channel, and
// where the (rank, bank, row) bits begin.
MemoryCharacterization::Geometry MemoryCharacterization::geometryOf(const DramParams& p, const AddressMapping& m) {
    MemoryCharacterization::Geometry g;
    const DramOrganization& o = p.org;
    g.burst_shift = m.offsetBits();
    g.channels = o.channels;
    g.bankgroups = o.bankgroups;
    g.banks_per_group = o.banks_per_group;
    g.banks = o.ranks * o.banks();
    int channelBit = -1, chunkBit = -1;
    for (int b = g.burst_shift; b < 63; ++b) {
        const DramAddress a = m.decode(uint64_t(1) << b);
        if (a.channel != 0 && channelBit < 0) channelBit = b;
        if ((a.rank != 0 || a.bankgroup != 0 || a.bank != 0 || a.row != 0) && chunkBit < 0) chunkBit = b;
    }
    if (chunkBit < 0) chunkBit = 62;
    g.chunk_shift = chunkBit - g.burst_shift;
    g.channel_shift = channelBit < 0 ? 0 : channelBit - g.burst_shift;
    g.channel_in_chunk = channelBit < 0 || channelBit < chunkBit;
    return g;
}

namespace {

std::vector<DmaSegment> synthesizeRuns(const TransferSummary& s, int64_t runs, uint64_t chunkBytes, uint64_t burst) {
    // Runs of the mean length at unrelated places: each in fresh rows an odd
    // number of chunks on (so they visit every bank before one comes round
    // again), shifted by five bursts (so they start on every channel in turn).
    const double runBytes = s.runs > 0 ? s.bytes / s.runs : s.bytes;
    const uint64_t len = std::max<uint64_t>(1, uint64_t(std::llround(runBytes)));
    uint64_t chunks = (len + chunkBytes - 1) / chunkBytes + 1;
    if (chunks % 2 == 0) ++chunks;
    const uint64_t stride = chunks * chunkBytes + 5 * burst;
    std::vector<DmaSegment> v;
    v.resize(size_t(runs));
    for (int64_t i = 0; i < runs; ++i) v[size_t(i)] = {uint64_t(i) * stride, len};
    return v;
}

}  // namespace

MemoryCharacterization::MemoryCharacterization(const DramParams& dram, const InterconnectParams& interconnect,
                                               double clockMhz)
    : dram_(dram),
      interconnect_(interconnect),
      clockMhz_(clockMhz),
      mapping_(std::make_unique<AddressMapping>(dram.org, dram.address_mapping)) {
    geometry_ = geometryOf(dram_, *mapping_);
}

MemoryCharacterization::~MemoryCharacterization() = default;
MemoryCharacterization::MemoryCharacterization(MemoryCharacterization&&) noexcept = default;
MemoryCharacterization& MemoryCharacterization::operator=(MemoryCharacterization&&) noexcept = default;

double MemoryCharacterization::interconnectCycles(double bytes) const {
    if (interconnect_.width_bits <= 0) return 0;
    return std::ceil(bytes * 8.0 / double(interconnect_.width_bits));
}

// Service plus the first access's latency, with refresh as its expected
// cost, plus half a memory clock: a request waits for the next DRAM edge.
double MemoryCharacterization::dramTransferCycles(double service, bool isWrite, bool expectedRefresh) const {
    const DirectionCosts& c = costs(isWrite);
    if (!expectedRefresh) return service + c.fill_cycles + 0.5;
    return (service + c.fill_cycles) * (1.0 + c.refresh_overhead_fraction) + c.refresh_wait_cycles + 0.5;
}

double MemoryCharacterization::transferCycles(const DmaSegment* segments, size_t count, bool isWrite) const {
    uint64_t bytes = 0;
    for (size_t i = 0; i < count; ++i) bytes += segments[i].bytes;
    if (bytes == 0) return 0;
    const double dram = dramTransferCycles(dramServiceCycles(segments, count, isWrite), isWrite);
    return std::max(dram * platformCyclesPerDramCycle(), interconnectCycles(double(bytes))) +
           double(interconnect_.latency_cycles);
}

double MemoryCharacterization::serviceCycles(const DmaSegment* segments, size_t count, bool isWrite) const {
    uint64_t bytes = 0;
    for (size_t i = 0; i < count; ++i) bytes += segments[i].bytes;
    if (bytes == 0) return 0;
    const double dram = dramServiceCycles(segments, count, isWrite) * (1.0 + costs(isWrite).refresh_overhead_fraction);
    return std::max(dram * platformCyclesPerDramCycle(), interconnectCycles(double(bytes)));
}

double MemoryCharacterization::dramQueuedCycles(const SegmentList& s, bool isWrite, bool expectedRefresh) const {
    if (s.totalBytes() == 0) return 0;
    const auto& v = s.segments();
    const double refresh = expectedRefresh ? 1.0 + costs(isWrite).refresh_overhead_fraction : 1.0;
    return dramServiceCycles(v.data(), v.size(), isWrite) * refresh * platformCyclesPerDramCycle();
}

double MemoryCharacterization::dramIdleCycles(const SegmentList& s, bool isWrite, bool expectedRefresh) const {
    if (s.totalBytes() == 0) return 0;
    const auto& v = s.segments();
    return dramTransferCycles(dramServiceCycles(v.data(), v.size(), isWrite), isWrite, expectedRefresh) *
           platformCyclesPerDramCycle();
}

double MemoryCharacterization::dramTurnaroundCycles(bool isWrite) const {
    return costs(isWrite).after_other_direction_cycles * platformCyclesPerDramCycle();
}

double MemoryCharacterization::transferCycles(const SegmentList& s, bool isWrite) const {
    return transferCycles(s.segments().data(), s.segments().size(), isWrite);
}

double MemoryCharacterization::serviceCycles(const SegmentList& s, bool isWrite) const {
    return serviceCycles(s.segments().data(), s.segments().size(), isWrite);
}

// O(1): the model on a bounded number of synthetic runs of the mean length:
// two rounds over every bank and channel; more runs are extended linearly
// with the cost of the second round (the pattern repeats from round to round).

double MemoryCharacterization::summaryDramService(const TransferSummary& s) const {
    if (s.bytes <= 0) return 0;
    const uint64_t chunk = uint64_t(1) << (geometry_.chunk_shift + geometry_.burst_shift);
    const uint64_t burst = uint64_t(dram_.org.burstBytes());
    const double runs = std::max(1.0, s.runs);
    const int64_t most = 2 * std::max<int64_t>({4, geometry_.channels, geometry_.banks});
    double dram;
    if (runs <= double(most)) {
        const auto v = synthesizeRuns(s, std::max<int64_t>(1, std::llround(runs)), chunk, burst);
        dram = dramServiceCycles(v.data(), v.size(), s.write);
    } else {
        const auto v = synthesizeRuns(s, most, chunk, burst);
        const double all = dramServiceCycles(v.data(), v.size(), s.write);
        const double half = dramServiceCycles(v.data(), v.size() / 2, s.write);
        dram = all + (runs - double(most)) * (all - half) / double(most / 2);
    }
    return dram * (1.0 + costs(s.write).refresh_overhead_fraction);
}

double MemoryCharacterization::serviceCycles(const TransferSummary& s) const {
    if (s.bytes <= 0) return 0;
    return std::max(summaryDramService(s) * platformCyclesPerDramCycle(), interconnectCycles(s.bytes));
}

double MemoryCharacterization::transferCycles(const TransferSummary& s) const {
    if (s.bytes <= 0) return 0;
    const DirectionCosts& c = costs(s.write);
    const double service = summaryDramService(s) / (1.0 + c.refresh_overhead_fraction);
    const double dram = dramTransferCycles(service, s.write);
    return std::max(dram * platformCyclesPerDramCycle(), interconnectCycles(s.bytes)) +
           double(interconnect_.latency_cycles);
}

// Both directions share the DRAM (one transaction after the other, a
// direction switch between them) but not the full-duplex interconnect.
double MemoryCharacterization::mixServiceCycles(const SegmentList& reads, const SegmentList& writes) const {
    const auto& r = reads.segments();
    const auto& w = writes.segments();
    const bool both = reads.totalBytes() > 0 && writes.totalBytes() > 0;
    double dram = 0;
    if (reads.totalBytes()) dram += dramServiceCycles(r.data(), r.size(), false) * (1.0 + read.refresh_overhead_fraction);
    if (writes.totalBytes()) dram += dramServiceCycles(w.data(), w.size(), true) * (1.0 + write.refresh_overhead_fraction);
    if (both) dram += read.after_other_direction_cycles + write.after_other_direction_cycles;
    return std::max({dram * platformCyclesPerDramCycle(), interconnectCycles(double(reads.totalBytes())),
                     interconnectCycles(double(writes.totalBytes()))});
}

double MemoryCharacterization::mixServiceCycles(const TransferSummary& reads, const TransferSummary& writes) const {
    TransferSummary r = reads, w = writes;
    r.write = false;
    w.write = true;
    const bool both = r.bytes > 0 && w.bytes > 0;
    double dram = summaryDramService(r) + summaryDramService(w);
    if (both) dram += read.after_other_direction_cycles + write.after_other_direction_cycles;
    return std::max({dram * platformCyclesPerDramCycle(), interconnectCycles(std::max(0.0, r.bytes)),
                     interconnectCycles(std::max(0.0, w.bytes))});
}

// A stream in which `writeFraction` of the lists are writes, spread evenly:
// 2 min(f, 1 - f) direction switches per list, half of each kind.
double MemoryCharacterization::mixedBytesPerCycle(double writeFraction, double listBytes, double runBytes) const {
    if (listBytes <= 0) return 0;
    const double f = std::clamp(writeFraction, 0.0, 1.0);
    const double runs = runBytes > 0 ? std::max(1.0, listBytes / runBytes) : 1.0;
    const double readDram = summaryDramService({listBytes, runs, false});
    const double writeDram = summaryDramService({listBytes, runs, true});
    const double switches = 2.0 * std::min(f, 1.0 - f);
    const double dram = (1.0 - f) * readDram + f * writeDram +
                        switches * 0.5 * (read.after_other_direction_cycles + write.after_other_direction_cycles);
    const double perList = std::max({dram * platformCyclesPerDramCycle(), (1.0 - f) * interconnectCycles(listBytes),
                                     f * interconnectCycles(listBytes)});
    return listBytes / perList;
}

}  // namespace hcm
