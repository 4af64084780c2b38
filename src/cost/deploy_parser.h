// Reading `deploy:` and `usage:` mappings with MapReader. Errors are
// collected in the reader's ErrorList with file:line:col and the field path.
#pragma once

#include "core/yaml_reader.h"
#include "cost/deploy.h"

namespace stackplan::cost {

Deploy read_deploy(MapReader m);
Usage read_usage(MapReader m);

// A non-negative exact decimal ("1000000", "1_000_000", "25.5").
std::optional<Quantity> read_count(MapReader& m, const std::string& key);
// A count of whole things (orders, requests, messages): "10.5" is an error.
std::optional<Quantity> read_whole_count(MapReader& m, const std::string& key);
// A size in decimal GB ("50GB", "2TB", "500MB" = 0.5).
std::optional<Quantity> read_gigabytes(MapReader& m, const std::string& key);
// A dollar amount ("430", "$1,200.50").
std::optional<Money> read_money(MapReader& m, const std::string& key);

}  // namespace stackplan::cost
