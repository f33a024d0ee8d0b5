#pragma once
// hcmsim is a performance model: payloads carry addresses and lengths, not
// data. Every generic payload points at this dummy area and no target ever
// reads or writes through the pointer.
namespace hcm {
unsigned char* dummyPayloadData();
}
