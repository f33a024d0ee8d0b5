#pragma once
// Output files are written under a temporary name in the same directory and
// renamed into place, so an interrupted run never leaves a half-written file
// under the final name.
#include <functional>
#include <ostream>
#include <string>

namespace hcm {

// Writes `content` to `path` atomically. Throws InputError if the directory
// cannot be written (a user-supplied path), std::runtime_error otherwise.
void writeFileAtomic(const std::string& path, const std::string& content);

// Streams into a temporary file through `writer`, then renames it to `path`.
void writeFileAtomic(const std::string& path, const std::function<void(std::ostream&)>& writer);

// Creates a directory (and parents) for outputs; InputError if impossible.
void ensureDirectory(const std::string& dir);

}  // namespace hcm
