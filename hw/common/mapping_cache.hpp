#pragma once
// The last problem an engine mapped for an estimator's questions (tileCost,
// foldSpace), so that the questions about one layer's tiles map it once.
#include <optional>
#include <utility>

#include "compute_command.hpp"

namespace hcm {

template <class Mapping>
class MappingCache {
public:
    template <class Make>
    const Mapping& get(const GemmProblem& problem, Make make) const {
        if (!last_ || !(last_->first == problem)) last_.emplace(problem, make(problem));
        return last_->second;
    }

private:
    mutable std::optional<std::pair<GemmProblem, Mapping>> last_;
};

}  // namespace hcm
