-- wrk script: POST one valid order per request to /orders/async.
-- RATE_PER_CONNECTION (requests/s per connection), when set, paces each
-- connection with delay() so the total rate is fixed (connections x rate).
wrk.method = "POST"
wrk.path = "/orders/async"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"customer_id":"bench","items":[{"product_id":"p1","quantity":1,"price":9.99}]}'

local rate = tonumber(os.getenv("RATE_PER_CONNECTION") or "")

function delay()
  if rate then return 1000 / rate end
  return 0
end

function done(summary, latency, requests)
  local codes = summary.status or {}
  io.write(string.format("non2xx=%d errors_connect=%d errors_read=%d errors_timeout=%d\n",
    summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.timeout))
end
