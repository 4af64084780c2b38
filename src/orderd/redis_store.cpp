#include "orderd/store.h"

namespace stackplan::orderd {
Result<std::unique_ptr<OrderStore>> open_redis_store(const StoreConfig&) {
  return Error("redis backend: not built yet");
}
}  // namespace stackplan::orderd
