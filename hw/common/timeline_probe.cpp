#include "timeline_probe.hpp"
