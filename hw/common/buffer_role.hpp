#pragma once
// The three on-chip buffers a layer uses. Everything kept per buffer (the
// DMA engine's buffer sockets, the tile scheduler's slots, per-buffer byte
// counts) is stored in this order, so bufferIndex(role) is its position.
namespace hcm {

enum class BufferRole { Ifmap, Weight, Ofmap };

constexpr int kBufferRoles = 3;

// An int because the slots and socket numbers it indexes are ints.
constexpr int bufferIndex(BufferRole role) { return static_cast<int>(role); }

}  // namespace hcm
