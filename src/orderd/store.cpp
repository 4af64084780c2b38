// Chooses the queue backend a configuration names.
#include "orderd/store.h"

#include <fmt/format.h>

namespace stackplan::orderd {

Result<std::unique_ptr<OrderStore>> open_store(const StoreConfig& config) {
  if (config.backend == "sqlite") return open_sqlite_store(config);
  if (config.backend == "redis") return open_redis_store(config);
  return Error(fmt::format("unknown queue backend '{}' (sqlite | redis)", config.backend));
}

}  // namespace stackplan::orderd
