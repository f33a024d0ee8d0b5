#pragma once
// Element types and small constant values of ONNX tensors: the bit widths of
// quantized types, and the values of scalars such as a QONNX `bitwidth` input.
#include <onnx/onnx_pb.h>

#include <cstdint>
#include <optional>
#include <vector>

namespace hcm::onnximp {

// TensorProto::DataType values, spelled out because Debian's libonnx 1.12
// predates the float8 (17..20) and 4-bit (21, 22) types that newer exporters
// write; data_type/elem_type are plain int32 fields, so the values survive.
enum ElemType : int {
    kUndefined = 0, kFloat = 1, kUint8 = 2, kInt8 = 3, kUint16 = 4, kInt16 = 5, kInt32 = 6, kInt64 = 7,
    kString = 8, kBool = 9, kFloat16 = 10, kDouble = 11, kUint32 = 12, kUint64 = 13, kBfloat16 = 16,
    kFloat8First = 17, kFloat8Last = 20, kUint4 = 21, kInt4 = 22, kFloat4E2M1 = 23,
};

// Bits of an element type that quantized tensors use (int8/uint8 -> 8, int4 -> 4,
// float8 -> 8, int16 -> 16, int32 -> 32); nullopt for float and other types,
// which say nothing about the precision of the hardware.
std::optional<int> quantizedTypeBits(int elemType);

// Number of elements (product of dims; 1 for a scalar, 0 with a dim <= 0;
// saturates at INT64_MAX instead of overflowing).
int64_t elementCount(const onnx::TensorProto& t);

// All values as doubles, from the typed fields or raw_data (little endian, as
// ONNX stores it). nullopt for non-numeric types, data that is not inline, and
// data whose count differs from the dims (a payload the reader skipped).
std::optional<std::vector<double>> tensorValues(const onnx::TensorProto& t);

}  // namespace hcm::onnximp
