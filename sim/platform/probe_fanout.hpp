#pragma once
// Forwards every TimelineProbe call to several probes (e.g. the VCD and the
// Chrome-trace writers), so components hold a single probe pointer.
//
// Ids returned by declare* are the fanout's own; each maps to the id every
// child returned for the same declaration. Children must all be added before
// the first declaration.
#include <cstdint>
#include <string>
#include <vector>

#include "hw/common/timeline_probe.hpp"

namespace hcm {

class ProbeFanout : public TimelineProbe {
public:
    ProbeFanout() = default;
    explicit ProbeFanout(const std::vector<TimelineProbe*>& children);

    // Null children are ignored. std::logic_error after a declaration.
    void add(TimelineProbe* child);
    size_t size() const { return children_.size(); }

    int declareSignal(const std::string& name, unsigned bits) override;
    int declareTrack(const std::string& name) override;

    void sample(int signal, uint64_t t_ps, uint64_t value) override;
    void transfer(int signal, uint64_t t_ps, uint64_t bytes) override;
    void slice(int track, uint64_t begin_ps, uint64_t end_ps, const std::string& name) override;

private:
    // Child ids of declaration k for child c live at [k * children + c].
    const int* signalIds(int signal) const;
    const int* trackIds(int track) const;

    std::vector<TimelineProbe*> children_;
    std::vector<int> signalIds_;
    std::vector<int> trackIds_;
    int signalCount_ = 0;
    int trackCount_ = 0;
};

}  // namespace hcm
