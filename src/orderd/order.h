// The order model: what a client sends, how it is validated, and how a stored
// order is shown back. Validation is strict and its errors name the field, so
// a client can fix its request from the message alone.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace stackplan::orderd {

// Where an order is in its life. Stored as these integers; do not renumber.
enum class OrderState : int { kPending = 0, kProcessing = 1, kPaid = 2, kFailed = 3 };
std::string_view state_name(OrderState state);

// A validated order request, reduced to what the pipeline needs.
struct OrderRequest {
  std::string customer_id;
  std::string client_order_id;  // optional; acts as an idempotency key
  std::string items_json;       // canonical JSON array of the items
  int64_t amount_cents = 0;     // sum of quantity x price, rounded to cents
};

// Parses and validates a request body:
//   {"customer_id": "c1", "items": [{"product_id": "p1", "quantity": 2, "price": 9.99}],
//    "client_order_id": "optional"}
// Limits: customer/product ids 1-128 chars, 1-100 items, quantity 1-10000,
// price 0-1e6. Unknown fields are ignored.
Result<OrderRequest> parse_order_request(std::string_view body);

// A new order as handed to the queue (already assigned its id).
struct NewOrder {
  std::string id;
  std::string idempotency_key;  // empty: none
  std::string customer_id;
  std::string items_json;
  int64_t amount_cents = 0;
};

// An order as stored, with its status history. Times are Unix nanoseconds
// (wall clock, shared by processes on one machine); 0 means "not yet".
struct OrderRecord {
  std::string id;
  std::string idempotency_key;
  std::string customer_id;
  std::string items_json;
  int64_t amount_cents = 0;
  OrderState state = OrderState::kPending;
  int attempts = 0;
  bool dead_lettered = false;
  int64_t created_ns = 0;
  int64_t processing_ns = 0;  // last time a worker took it
  int64_t finished_ns = 0;    // paid or failed
  std::string last_error;
};

// The JSON body of GET /orders/{id}. Never throws on stored bytes: text
// that is not valid UTF-8 (written by an older orderd, or by hand) is shown
// with U+FFFD in place of each bad byte, and items that are not valid JSON
// are shown as a string.
std::string order_json(const OrderRecord& order);

// True when text is well-formed UTF-8 (no overlong forms, surrogates or code
// points past U+10FFFF) and holds no control characters (C0, DEL, C1). What
// orderd accepts from a client where it echoes or stores the text as is.
bool is_printable_utf8(std::string_view text);

// A fresh, unguessable order id: "ord_" + 32 hex digits, the first 16 the
// creation time in Unix nanoseconds (strictly increasing within a process,
// so ids sort by creation), the last 16 random.
std::string new_order_id();

// Current wall-clock time in Unix nanoseconds.
int64_t unix_now_ns();

// RFC 3339 UTC with milliseconds, "2026-01-02T03:04:05.678Z".
std::string format_unix_ns(int64_t ns);

// {"error": "...", "detail": "..."} for 4xx/5xx answers. The detail may echo
// client bytes: invalid UTF-8 is replaced with U+FFFD, never thrown.
std::string error_json(std::string_view error, std::string_view detail);

}  // namespace stackplan::orderd
