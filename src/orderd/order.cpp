#include "orderd/order.h"

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <ctime>
#include <nlohmann/json.hpp>
#include <random>

#include "core/rng.h"

namespace stackplan::orderd {

using nlohmann::json;

std::string_view state_name(OrderState state) {
  switch (state) {
    case OrderState::kPending:
      return "pending";
    case OrderState::kProcessing:
      return "processing";
    case OrderState::kPaid:
      return "paid";
    case OrderState::kFailed:
      return "failed";
  }
  return "unknown";
}

namespace {

// Text from a client or the store may hold any bytes; the default dump
// throws on invalid UTF-8, which in a network thread would end the process.
std::string dump_replacing_invalid_utf8(const json& doc) {
  return doc.dump(-1, ' ', /*ensure_ascii=*/false, json::error_handler_t::replace);
}

Status check_id(const json& parent, const char* field, std::string& out, bool required) {
  auto it = parent.find(field);
  if (it == parent.end() || it->is_null()) {
    if (required) return Error(fmt::format("field '{}' is required", field));
    return Status::Ok();
  }
  if (!it->is_string()) return Error(fmt::format("field '{}' must be a string", field));
  out = it->get<std::string>();
  if (out.empty() || out.size() > 128)
    return Error(fmt::format("field '{}' must be 1-128 characters", field));
  return Status::Ok();
}

}  // namespace

Result<OrderRequest> parse_order_request(std::string_view body) {
  json doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Error("body is not valid JSON");
  if (!doc.is_object()) return Error("body must be a JSON object");
  OrderRequest order;
  if (auto s = check_id(doc, "customer_id", order.customer_id, true); !s) return Error(s.message());
  if (auto s = check_id(doc, "client_order_id", order.client_order_id, false); !s)
    return Error(s.message());
  auto items = doc.find("items");
  if (items == doc.end()) return Error("field 'items' is required");
  if (!items->is_array()) return Error("field 'items' must be an array");
  if (items->empty() || items->size() > 100) return Error("field 'items' must hold 1-100 items");
  json canonical = json::array();
  double total = 0;
  for (size_t i = 0; i < items->size(); ++i) {
    const json& item = (*items)[i];
    if (!item.is_object()) return Error(fmt::format("items[{}] must be an object", i));
    std::string product;
    if (auto s = check_id(item, "product_id", product, true); !s)
      return Error(fmt::format("items[{}]: {}", i, s.message()));
    auto qty = item.find("quantity");
    if (qty == item.end()) return Error(fmt::format("items[{}]: field 'quantity' is required", i));
    if (!qty->is_number_integer())
      return Error(fmt::format("items[{}]: field 'quantity' must be an integer", i));
    int64_t quantity = qty->get<int64_t>();
    if (quantity < 1 || quantity > 10000)
      return Error(fmt::format("items[{}]: field 'quantity' must be 1-10000", i));
    auto price_it = item.find("price");
    if (price_it == item.end())
      return Error(fmt::format("items[{}]: field 'price' is required", i));
    if (!price_it->is_number())
      return Error(fmt::format("items[{}]: field 'price' must be a number", i));
    double price = price_it->get<double>();
    if (!std::isfinite(price) || price < 0 || price > 1e6)
      return Error(fmt::format("items[{}]: field 'price' must be 0-1000000", i));
    total += price * static_cast<double>(quantity);
    canonical.push_back({{"product_id", product}, {"quantity", quantity}, {"price", price}});
  }
  order.items_json = canonical.dump();
  order.amount_cents = static_cast<int64_t>(std::llround(total * 100));
  return order;
}

std::string order_json(const OrderRecord& order) {
  json items = json::parse(order.items_json, nullptr, /*allow_exceptions=*/false);
  if (items.is_discarded()) items = order.items_json;
  json doc = {{"id", order.id},
              {"status", state_name(order.state)},
              {"customer_id", order.customer_id},
              {"items", std::move(items)},
              {"amount", static_cast<double>(order.amount_cents) / 100.0},
              {"attempts", order.attempts},
              {"dead_lettered", order.dead_lettered},
              {"created_at", format_unix_ns(order.created_ns)}};
  if (!order.idempotency_key.empty()) doc["idempotency_key"] = order.idempotency_key;
  if (order.processing_ns) doc["processing_at"] = format_unix_ns(order.processing_ns);
  if (order.finished_ns) {
    doc[order.state == OrderState::kPaid ? "paid_at" : "failed_at"] =
        format_unix_ns(order.finished_ns);
  }
  if (!order.last_error.empty()) doc["last_error"] = order.last_error;
  return dump_replacing_invalid_utf8(doc);
}

bool is_printable_utf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char lead = byte(i);
    if (lead < 0x80) {
      if (lead < 0x20 || lead == 0x7f) return false;
      ++i;
      continue;
    }
    size_t length;
    uint32_t code_point;
    if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
      code_point = lead & 0x1fu;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      code_point = lead & 0x0fu;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      code_point = lead & 0x07u;
    } else {
      return false;  // a continuation byte first, an overlong lead, or past U+10FFFF
    }
    if (i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      if ((byte(i + k) & 0xc0) != 0x80) return false;
      code_point = (code_point << 6) | (byte(i + k) & 0x3fu);
    }
    constexpr uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < kMinimum[length] || code_point > 0x10ffff) return false;  // overlong
    if (code_point >= 0xd800 && code_point <= 0xdfff) return false;            // surrogate
    if (code_point >= 0x80 && code_point <= 0x9f) return false;                // C1 control
    i += length;
  }
  return true;
}

std::string new_order_id() {
  thread_local Rng rng([] {
    std::random_device device;
    return (static_cast<uint64_t>(device()) << 32) ^ device() ^
           static_cast<uint64_t>(unix_now_ns());
  }());
  // The creation time first: ids issued close together sort close together,
  // so a group commit adds its orders to one or two leaf pages of the id
  // index instead of one random page each (each page it dirties is written
  // to the WAL, fsync'd and checkpointed). The random half keeps ids
  // unguessable.
  // Strictly increasing within the process, even when the clock steps back
  // or two threads read the same nanosecond.
  static std::atomic<uint64_t> last_issued{0};
  uint64_t issued = static_cast<uint64_t>(unix_now_ns());
  uint64_t last = last_issued.load(std::memory_order_relaxed);
  do {
    if (issued <= last) issued = last + 1;
  } while (!last_issued.compare_exchange_weak(last, issued, std::memory_order_relaxed));
  return fmt::format("ord_{:016x}{:016x}", issued, rng.next());
}

int64_t unix_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string format_unix_ns(int64_t ns) {
  std::time_t seconds = static_cast<std::time_t>(ns / 1000000000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900,
                     utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                     (ns / 1000000) % 1000);
}

std::string error_json(std::string_view error, std::string_view detail) {
  return dump_replacing_invalid_utf8(json{{"error", error}, {"detail", detail}});
}

}  // namespace stackplan::orderd
