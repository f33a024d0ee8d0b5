#include "onnx_model_reader.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>

#include <google/protobuf/io/coded_stream.h>

#include "sim/common/input_error.hpp"

namespace hcm::onnximp {

namespace {

using google::protobuf::MessageLite;
using google::protobuf::io::CodedInputStream;

// Field numbers of onnx.proto that the walk descends into; every other field
// is handed to protobuf as it is.
namespace field {
constexpr int kModelGraph = 7;
constexpr int kGraphNode = 1, kGraphInitializer = 5;
constexpr int kNodeAttribute = 5;
constexpr int kAttributeTensor = 5, kAttributeGraph = 6, kAttributeTensors = 10, kAttributeGraphs = 11;
// TensorProto payloads: float_data, int32_data, string_data, int64_data,
// raw_data, double_data, uint64_data.
bool isTensorPayload(int f) { return (f >= 4 && f <= 7) || f == 9 || f == 10 || f == 11; }
}  // namespace field

enum WireType { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5 };

// Subgraphs nest through node attributes (If, Loop, Scan); a file cannot make
// the walk recurse deeper than protobuf itself would.
constexpr int kMaxDepth = 64;

class Walker {
public:
    Walker(const uint8_t* base, int size) : base_(base), in_(base, size) { in_.SetTotalBytesLimit(INT_MAX); }

    bool model(onnx::ModelProto& m) {
        return fields(m, 0, [&](int f, int len, int depth) {
            return f == field::kModelGraph ? nested(len, [&] { return graph(*m.mutable_graph(), depth + 1); }) : -1;
        }) && in_.ConsumedEntireMessage();
    }

private:
    bool graph(onnx::GraphProto& g, int depth) {
        return fields(g, depth, [&](int f, int len, int d) {
            if (f == field::kGraphNode) return nested(len, [&] { return node(*g.add_node(), d + 1); });
            if (f == field::kGraphInitializer) return nested(len, [&] { return tensor(*g.add_initializer(), d + 1); });
            return -1;
        });
    }

    bool node(onnx::NodeProto& n, int depth) {
        return fields(n, depth, [&](int f, int len, int d) {
            return f == field::kNodeAttribute ? nested(len, [&] { return attribute(*n.add_attribute(), d + 1); }) : -1;
        });
    }

    bool attribute(onnx::AttributeProto& a, int depth) {
        return fields(a, depth, [&](int f, int len, int d) {
            if (f == field::kAttributeTensor) return nested(len, [&] { return tensor(*a.mutable_t(), d + 1); });
            if (f == field::kAttributeTensors) return nested(len, [&] { return tensor(*a.add_tensors(), d + 1); });
            if (f == field::kAttributeGraph) return nested(len, [&] { return graph(*a.mutable_g(), d + 1); });
            if (f == field::kAttributeGraphs) return nested(len, [&] { return graph(*a.add_graphs(), d + 1); });
            return -1;
        });
    }

    bool tensor(onnx::TensorProto& t, int depth) {
        return fields(t, depth, [&](int f, int len, int) {
            if (!field::isTensorPayload(f)) return -1;
            return in_.Skip(len) ? 1 : 0;  // the weights: never read
        });
    }

    // Runs `walk` over the next `len` bytes as a submessage: 1 done, 0 malformed.
    template <typename Walk>
    int nested(int len, Walk&& walk) {
        const auto limit = in_.PushLimit(len);
        const bool ok = walk() && in_.BytesUntilLimit() == 0;
        in_.PopLimit(limit);
        return ok ? 1 : 0;
    }

    // Reads the fields of one message up to the current limit. For a
    // length-delimited field longer than kMaxKeptPayloadBytes,
    // `special(field, length, depth)` may consume it itself (returns 1, or 0
    // if malformed); otherwise (-1) the field's bytes are merged into `msg`
    // by protobuf.
    template <typename Special>
    bool fields(MessageLite& msg, int depth, Special&& special) {
        if (depth > kMaxDepth) return false;
        for (;;) {
            const int start = in_.CurrentPosition();
            const uint32_t tag = in_.ReadTag();
            if (tag == 0) return in_.ConsumedEntireMessage();
            const int number = static_cast<int>(tag >> 3);
            if (number == 0) return false;
            switch (tag & 7) {
                case kVarint: {
                    uint64_t v;
                    if (!in_.ReadVarint64(&v)) return false;
                    break;
                }
                case kFixed64: {
                    uint64_t v;
                    if (!in_.ReadLittleEndian64(&v)) return false;
                    break;
                }
                case kFixed32: {
                    uint32_t v;
                    if (!in_.ReadLittleEndian32(&v)) return false;
                    break;
                }
                case kLengthDelimited: {
                    uint32_t len;
                    if (!in_.ReadVarint32(&len) || len > uint32_t(INT_MAX)) return false;
                    // Over a flat buffer the stream's limit is the buffer's end:
                    // a field longer than what is left is a cut file.
                    const int left = in_.BytesUntilLimit();
                    if (left >= 0 && int(len) > left) return false;
                    // A field this short cannot hold a payload worth skipping:
                    // protobuf parses it whole (one call per node, not per field).
                    const int done = len <= kMaxKeptPayloadBytes ? -1 : special(number, int(len), depth);
                    if (done == 1) continue;
                    if (done == 0) return false;
                    if (!in_.Skip(int(len))) return false;
                    break;
                }
                default: return false;  // groups: not in onnx.proto
            }
            const int end = in_.CurrentPosition();
            CodedInputStream piece(base_ + start, end - start);
            if (!msg.MergePartialFromCodedStream(&piece) || !piece.ConsumedEntireMessage()) return false;
        }
    }

    const uint8_t* base_;
    CodedInputStream in_;
};

}  // namespace

bool readModelWithoutPayloads(const char* data, size_t size, onnx::ModelProto& model) {
    if (size > size_t(INT_MAX)) return false;
    model.Clear();
    Walker w(reinterpret_cast<const uint8_t*>(data), int(size));
    return w.model(model);
}

MappedFile::MappedFile(const std::string& path) {
    const SourceLocation where{path, 0, 0};
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throwInputError(where, "", std::string("cannot open file: ") + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throwInputError(where, "", "not a regular file");
    }
    size_ = size_t(st.st_size);
    if (size_ > 0) {
        void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            const int err = errno;
            ::close(fd);
            throwInputError(where, "", std::string("cannot map file: ") + std::strerror(err));
        }
        data_ = p;
    }
    ::close(fd);
}

MappedFile::~MappedFile() {
    if (data_) ::munmap(data_, size_);
}

}  // namespace hcm::onnximp
