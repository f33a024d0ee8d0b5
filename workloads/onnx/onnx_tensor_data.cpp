#include "onnx_tensor_data.hpp"

#include <cstring>
#include <limits>

namespace hcm::onnximp {

std::optional<int> quantizedTypeBits(int t) {
    switch (t) {
        case kUint8: case kInt8: return 8;
        case kUint16: case kInt16: return 16;
        case kInt32: case kUint32: return 32;
        case kUint4: case kInt4: case kFloat4E2M1: return 4;
        default: break;
    }
    if (t >= kFloat8First && t <= kFloat8Last) return 8;
    return std::nullopt;
}

int64_t elementCount(const onnx::TensorProto& t) {
    // Dims come from the file: a negative one counts as empty, and absurd
    // products saturate instead of overflowing (a fuzzer found that).
    int64_t n = 1;
    for (int64_t d : t.dims()) {
        if (d <= 0) return 0;
        if (__builtin_mul_overflow(n, d, &n)) return std::numeric_limits<int64_t>::max();
    }
    return n;
}

namespace {
template <typename T>
std::vector<double> decodeRaw(const std::string& raw) {
    std::vector<double> out(raw.size() / sizeof(T));
    for (size_t i = 0; i < out.size(); ++i) {
        T v;
        std::memcpy(&v, raw.data() + i * sizeof(T), sizeof(T));  // host is little endian like ONNX
        out[i] = static_cast<double>(v);
    }
    return out;
}

template <typename Field>
std::vector<double> copyField(const Field& f) {
    return std::vector<double>(f.begin(), f.end());
}

std::optional<std::vector<double>> decodeValues(const onnx::TensorProto& t);
}  // namespace

std::optional<std::vector<double>> tensorValues(const onnx::TensorProto& t) {
    if (t.data_location() == onnx::TensorProto::EXTERNAL) return std::nullopt;
    auto v = decodeValues(t);
    // A payload the reader skipped (or a malformed one) holds fewer values than
    // the dims say: no values rather than wrong ones.
    if (v && int64_t(v->size()) != elementCount(t)) return std::nullopt;
    return v;
}

namespace {
std::optional<std::vector<double>> decodeValues(const onnx::TensorProto& t) {
    const bool raw = t.has_raw_data();
    switch (t.data_type()) {
        case kFloat: return raw ? decodeRaw<float>(t.raw_data()) : copyField(t.float_data());
        case kDouble: return raw ? decodeRaw<double>(t.raw_data()) : copyField(t.double_data());
        case kInt64: return raw ? decodeRaw<int64_t>(t.raw_data()) : copyField(t.int64_data());
        case kUint64: return raw ? decodeRaw<uint64_t>(t.raw_data()) : copyField(t.uint64_data());
        case kInt32: return raw ? decodeRaw<int32_t>(t.raw_data()) : copyField(t.int32_data());
        // Narrow integers live in int32_data when not raw.
        case kInt8: return raw ? decodeRaw<int8_t>(t.raw_data()) : copyField(t.int32_data());
        case kUint8: return raw ? decodeRaw<uint8_t>(t.raw_data()) : copyField(t.int32_data());
        case kInt16: return raw ? decodeRaw<int16_t>(t.raw_data()) : copyField(t.int32_data());
        case kUint16: return raw ? decodeRaw<uint16_t>(t.raw_data()) : copyField(t.int32_data());
        case kUint32: return raw ? decodeRaw<uint32_t>(t.raw_data()) : copyField(t.uint64_data());
        case kBool: return raw ? decodeRaw<uint8_t>(t.raw_data()) : copyField(t.int32_data());
        default: return std::nullopt;
    }
}
}  // namespace

}  // namespace hcm::onnximp
