#include "probe_fanout.hpp"

#include <stdexcept>

namespace hcm {

ProbeFanout::ProbeFanout(const std::vector<TimelineProbe*>& children) {
    for (TimelineProbe* c : children) add(c);
}

void ProbeFanout::add(TimelineProbe* child) {
    if (signalCount_ > 0 || trackCount_ > 0) {
        throw std::logic_error("ProbeFanout: add children before declaring signals or tracks");
    }
    if (child) children_.push_back(child);
}

int ProbeFanout::declareSignal(const std::string& name, unsigned bits) {
    std::vector<int> ids;  // appended only once every child accepted it
    for (TimelineProbe* c : children_) ids.push_back(c->declareSignal(name, bits));
    signalIds_.insert(signalIds_.end(), ids.begin(), ids.end());
    return signalCount_++;
}

int ProbeFanout::declareTrack(const std::string& name) {
    std::vector<int> ids;
    for (TimelineProbe* c : children_) ids.push_back(c->declareTrack(name));
    trackIds_.insert(trackIds_.end(), ids.begin(), ids.end());
    return trackCount_++;
}

const int* ProbeFanout::signalIds(int signal) const {
    if (signal < 0 || signal >= signalCount_) throw std::out_of_range("ProbeFanout: unknown signal id");
    return &signalIds_[size_t(signal) * children_.size()];
}

const int* ProbeFanout::trackIds(int track) const {
    if (track < 0 || track >= trackCount_) throw std::out_of_range("ProbeFanout: unknown track id");
    return &trackIds_[size_t(track) * children_.size()];
}

void ProbeFanout::sample(int signal, uint64_t t_ps, uint64_t value) {
    if (children_.empty()) return;
    const int* ids = signalIds(signal);
    for (size_t c = 0; c < children_.size(); ++c) children_[c]->sample(ids[c], t_ps, value);
}

void ProbeFanout::transfer(int signal, uint64_t t_ps, uint64_t bytes) {
    if (children_.empty()) return;
    const int* ids = signalIds(signal);
    for (size_t c = 0; c < children_.size(); ++c) children_[c]->transfer(ids[c], t_ps, bytes);
}

void ProbeFanout::slice(int track, uint64_t begin_ps, uint64_t end_ps, const std::string& name) {
    if (children_.empty()) return;
    const int* ids = trackIds(track);
    for (size_t c = 0; c < children_.size(); ++c) children_[c]->slice(ids[c], begin_ps, end_ps, name);
}

}  // namespace hcm
