#pragma once
// Reads a serialized ModelProto without its weight payloads.
//
// hcmsim needs a model's graph, tensor names, types and dimensions, and the
// small constants that shape arithmetic and quantizers use (Reshape shapes,
// Slice bounds, scales, zero points, bit widths) — never the weights, which
// are almost all of a file's bytes (a VGG-16 export is 530 MB). The reader
// walks the protobuf wire format itself down to ModelProto.graph.initializer
// (and tensors held by node attributes, such as Constant values) and skips
// the payload fields of every tensor larger than kMaxKeptPayloadBytes; all
// other fields are parsed by protobuf as usual. A tensor without its payload
// keeps dims and data type (tensorValues() then reports no values). Files are
// memory-mapped, so the skipped bytes are never read from disk; external-data
// files are never opened.
#include <onnx/onnx_pb.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace hcm::onnximp {

// Tensor payloads up to this size are kept: shape constants, per-channel
// quantization scales and biases of a few thousand channels.
constexpr size_t kMaxKeptPayloadBytes = 64 * 1024;

// Parses `size` bytes into `model`, dropping large tensor payloads. Returns
// false if the bytes are not a well-formed protobuf message (truncated, wrong
// wire types, ...); `model` is then unspecified. Sizes over 2 GiB are not
// protobuf messages (larger models keep their weights in external data).
bool readModelWithoutPayloads(const char* data, size_t size, onnx::ModelProto& model);

// A read-only memory mapping of a whole file (empty files have no mapping).
class MappedFile {
public:
    // Throws InputError naming `path` if it cannot be opened or mapped.
    explicit MappedFile(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const char* data() const { return static_cast<const char*>(data_); }
    size_t size() const { return size_; }

private:
    void* data_ = nullptr;
    size_t size_ = 0;
};

}  // namespace hcm::onnximp
