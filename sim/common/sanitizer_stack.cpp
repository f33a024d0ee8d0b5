#include "sanitizer_stack.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define HCM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HCM_ASAN 1
#endif
#endif

#ifdef HCM_ASAN
#include <pthread.h>
#include <sanitizer/common_interface_defs.h>
#endif

namespace hcm {

void announceMainStackToSanitizer() {
#ifdef HCM_ASAN
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return;
    void* bottom = nullptr;
    size_t size = 0;
    const int rc = pthread_attr_getstack(&attr, &bottom, &size);
    pthread_attr_destroy(&attr);
    if (rc != 0 || !bottom || size == 0) return;
    // A "switch" from the stack ASan believes in to the one we are on.
    void* fakeStack = nullptr;
    __sanitizer_start_switch_fiber(&fakeStack, bottom, size);
    __sanitizer_finish_switch_fiber(fakeStack, nullptr, nullptr);
#endif
}

}  // namespace hcm
