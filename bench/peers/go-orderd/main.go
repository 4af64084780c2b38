// Command orderd is a small, standard-library-only reference ("peer")
// implementation of the flash-sale case's order service (a course
// assignment on sync vs async order processing).
//
// The original service (Go + gin + AWS SNS/SQS) has:
//   - POST /orders/sync:  validate, block on a 5-slot payment "semaphore"
//     (a buffered channel) plus a 3 s payment, answer 200.
//   - POST /orders/async: validate, publish to SNS (-> SQS), answer 202.
//   - a background order processor that pulls orders off SQS and runs each
//     through the same 5-slot / 3 s payment processor.
//
// There is no AWS here, so SNS/SQS is replaced by either
//   - mode "mem":     an in-memory buffered channel (non-durable, the original's
//     shape without the network hop), or
//   - mode "durable": an append-only log file; every accepted order is
//     written and fsync'ed (group commit) before the 202 is sent, and the
//     log is replayed on start-up so unfinished orders are processed again.
//
// -workers N simulates N order-processor processes; each one owns its own
// payment processor with -slots slots (the original's "scale out by processes,
// not goroutines" lesson). All groups consume the same queue. As in the original,
// where the order receiver (/sync, /async) and the order processor are
// separate ECS services, the sync endpoint uses the receiver's own payment
// processor with -slots slots, not the processor groups' slots.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// ---------------------------------------------------------------------------
// Data model

// ID is a customer or product identifier. The original's clients send numbers;
// strings are accepted too. The raw JSON token is kept and echoed back.
type ID []byte

func (id *ID) UnmarshalJSON(b []byte) error {
	*id = append((*id)[:0], b...)
	return nil
}

func (id ID) MarshalJSON() ([]byte, error) {
	if len(id) == 0 {
		return []byte("null"), nil
	}
	return id, nil
}

// valid reports whether id is a non-empty JSON string or a positive integer.
func (id ID) valid() bool {
	if len(id) == 0 {
		return false
	}
	switch c := id[0]; {
	case c == '"':
		var s string
		if json.Unmarshal(id, &s) != nil {
			return false
		}
		return strings.TrimSpace(s) != "" && len(s) <= 128
	case c >= '0' && c <= '9':
		n, err := strconv.ParseInt(string(id), 10, 64)
		return err == nil && n > 0
	}
	return false
}

type Item struct {
	ProductID ID      `json:"product_id"`
	Quantity  int     `json:"quantity"`
	Price     float64 `json:"price"`
}

// OrderRequest is the request body of POST /orders/sync and /orders/async.
type OrderRequest struct {
	CustomerID ID     `json:"customer_id"`
	Items      []Item `json:"items"`
}

const maxItems = 1000

func (r *OrderRequest) validate() error {
	if !r.CustomerID.valid() {
		return errors.New("customer_id must be a positive integer or a non-empty string")
	}
	if len(r.Items) == 0 {
		return errors.New("items must contain at least one item")
	}
	if len(r.Items) > maxItems {
		return fmt.Errorf("items must contain at most %d items", maxItems)
	}
	for i := range r.Items {
		it := &r.Items[i]
		if !it.ProductID.valid() {
			return fmt.Errorf("items[%d].product_id must be a positive integer or a non-empty string", i)
		}
		if it.Quantity <= 0 {
			return fmt.Errorf("items[%d].quantity must be > 0", i)
		}
		if it.Price < 0 {
			return fmt.Errorf("items[%d].price must be >= 0", i)
		}
	}
	return nil
}

// Order is an accepted order. Immutable after creation except for status.
type Order struct {
	OrderID    string    `json:"order_id"`
	CustomerID ID        `json:"customer_id"`
	Items      []Item    `json:"items"`
	Total      float64   `json:"total"`
	CreatedAt  time.Time `json:"created_at"`
}

const (
	statusPending int32 = iota
	statusProcessing
	statusCompleted
	statusFailed
)

var statusNames = [...]string{"pending", "processing", "completed", "failed"}

type record struct {
	order   *Order
	status  atomic.Int32
	updated atomic.Int64 // unix nanos of the last status change
	sync    bool         // created by /orders/sync
}

func (r *record) setStatus(s int32) {
	r.status.Store(s)
	r.updated.Store(time.Now().UnixNano())
}

// ---------------------------------------------------------------------------
// Order status store: sharded map, so that concurrent handlers rarely
// contend on the same lock.

const storeShards = 64

type store struct {
	shards [storeShards]struct {
		mu sync.RWMutex
		m  map[string]*record
		_  [40]byte // keep shards on separate cache lines
	}
}

func newStore() *store {
	s := &store{}
	for i := range s.shards {
		s.shards[i].m = make(map[string]*record, 1024)
	}
	return s
}

func shardOf(id string) uint32 {
	// FNV-1a
	h := uint32(2166136261)
	for i := 0; i < len(id); i++ {
		h ^= uint32(id[i])
		h *= 16777619
	}
	return h % storeShards
}

func (s *store) put(r *record) {
	sh := &s.shards[shardOf(r.order.OrderID)]
	sh.mu.Lock()
	sh.m[r.order.OrderID] = r
	sh.mu.Unlock()
}

func (s *store) get(id string) *record {
	sh := &s.shards[shardOf(id)]
	sh.mu.RLock()
	r := sh.m[id]
	sh.mu.RUnlock()
	return r
}

// ---------------------------------------------------------------------------
// Payment processor: the original's buffered-channel semaphore.

type paymentProcessor struct {
	sem      chan struct{}
	duration time.Duration
}

func newPaymentProcessor(slots int, d time.Duration) *paymentProcessor {
	return &paymentProcessor{sem: make(chan struct{}, slots), duration: d}
}

// acquire blocks until a slot is free or ctx is done.
func (p *paymentProcessor) acquire(ctx context.Context) bool {
	select {
	case p.sem <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

func (p *paymentProcessor) release() { <-p.sem }

// pay simulates the external payment call. Once started it runs to the end.
func (p *paymentProcessor) pay() { time.Sleep(p.duration) }

// ---------------------------------------------------------------------------
// Durable log with group commit.

type commitReq struct {
	line []byte
	done chan error // nil: fire-and-forget (e.g. "done" records)
}

type orderLog struct {
	f        *os.File
	reqs     chan *commitReq
	maxBatch int
	interval time.Duration
	quit     chan struct{}
	stopped  chan struct{}

	batches   atomic.Int64
	records   atomic.Int64
	maxSeen   atomic.Int64
	fsyncNs   atomic.Int64
	fsyncMaxN atomic.Int64
}

var errLogClosed = errors.New("order log closed")

func (l *orderLog) run() {
	defer close(l.stopped)
	batch := make([]*commitReq, 0, l.maxBatch)
	var buf bytes.Buffer
	var timer *time.Timer
	for {
		var first *commitReq
		select {
		case first = <-l.reqs:
		case <-l.quit:
			// Drain whatever is still queued, then stop.
			for {
				select {
				case r := <-l.reqs:
					batch = append(batch, r)
					if len(batch) < l.maxBatch {
						continue
					}
				default:
				}
				if len(batch) == 0 {
					return
				}
				l.flush(batch, &buf)
				batch = batch[:0]
			}
		}
		batch = append(batch[:0], first)
		if l.interval > 0 {
			// Group commit by time: wait up to interval (from the first
			// pending record) or until the batch is full.
			if timer == nil {
				timer = time.NewTimer(l.interval)
			} else {
				timer.Reset(l.interval)
			}
		collect:
			for len(batch) < l.maxBatch {
				select {
				case r := <-l.reqs:
					batch = append(batch, r)
				case <-timer.C:
					break collect
				}
			}
			if !timer.Stop() {
				select {
				case <-timer.C:
				default:
				}
			}
		} else {
			// Adaptive group commit: take everything that queued up
			// while the previous fsync was running.
		drain:
			for len(batch) < l.maxBatch {
				select {
				case r := <-l.reqs:
					batch = append(batch, r)
				default:
					break drain
				}
			}
		}
		l.flush(batch, &buf)
	}
}

func (l *orderLog) flush(batch []*commitReq, buf *bytes.Buffer) {
	buf.Reset()
	for _, r := range batch {
		buf.Write(r.line)
	}
	t0 := time.Now()
	_, err := l.f.Write(buf.Bytes())
	if err == nil {
		err = l.f.Sync() // fsync(2)
	}
	ns := time.Since(t0).Nanoseconds()
	l.fsyncNs.Add(ns)
	if ns > l.fsyncMaxN.Load() {
		l.fsyncMaxN.Store(ns)
	}
	l.batches.Add(1)
	l.records.Add(int64(len(batch)))
	if n := int64(len(batch)); n > l.maxSeen.Load() {
		l.maxSeen.Store(n)
	}
	if err != nil {
		log.Printf("order log write/fsync failed: %v", err)
	}
	for _, r := range batch {
		if r.done != nil {
			r.done <- err
		}
	}
}

var donePool = sync.Pool{New: func() any { return make(chan error, 1) }}

// commit appends line and waits until it is on stable storage.
func (l *orderLog) commit(line []byte) error {
	done := donePool.Get().(chan error)
	select {
	case l.reqs <- &commitReq{line: line, done: done}:
	case <-l.quit:
		donePool.Put(done)
		return errLogClosed
	}
	select {
	case err := <-done:
		donePool.Put(done)
		return err
	case <-l.stopped:
		// The committer exited; it may or may not have taken our record.
		// Do not return done to the pool: a late reply could still land.
		return errLogClosed
	}
}

// appendAsync appends line without waiting for the fsync.
func (l *orderLog) appendAsync(line []byte) {
	select {
	case l.reqs <- &commitReq{line: line}:
	case <-l.quit:
	}
}

func (l *orderLog) close() error {
	close(l.quit)
	<-l.stopped
	return l.f.Close()
}

// Log records (JSON lines):
//
//	{"t":"A","order":{...}}   order accepted (fsync'ed before the 202)
//	{"t":"D","id":"...","s":"completed"}  order finished processing
type logRec struct {
	T      string `json:"t"`
	Order  *Order `json:"order,omitempty"`
	ID     string `json:"id,omitempty"`
	Status string `json:"s,omitempty"`
}

// openLog opens (creating if needed) dir/orders.log, replays it, truncates a
// torn tail, and returns the log plus the recovered records in log order.
func openLog(dir string, maxBatch int, interval time.Duration) (*orderLog, []*record, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, err
	}
	path := filepath.Join(dir, "orders.log")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, nil, err
	}
	var recs []*record
	byID := map[string]*record{}
	var good int64
	br := bufio.NewReaderSize(f, 1<<20)
	for {
		line, err := br.ReadBytes('\n')
		if err != nil {
			break // io.EOF, possibly with a torn partial line
		}
		var lr logRec
		if json.Unmarshal(line, &lr) != nil {
			break
		}
		good += int64(len(line))
		switch lr.T {
		case "A":
			if lr.Order == nil {
				continue
			}
			r := &record{order: lr.Order}
			r.setStatus(statusPending)
			byID[lr.Order.OrderID] = r
			recs = append(recs, r)
		case "D":
			if r := byID[lr.ID]; r != nil {
				if lr.Status == "failed" {
					r.setStatus(statusFailed)
				} else {
					r.setStatus(statusCompleted)
				}
			}
		}
	}
	if err := f.Truncate(good); err != nil {
		f.Close()
		return nil, nil, err
	}
	if _, err := f.Seek(good, io.SeekStart); err != nil {
		f.Close()
		return nil, nil, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, nil, err
	}
	// Make the file's directory entry durable too.
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	l := &orderLog{
		f:        f,
		reqs:     make(chan *commitReq, 4*maxBatch),
		maxBatch: maxBatch,
		interval: interval,
		quit:     make(chan struct{}),
		stopped:  make(chan struct{}),
	}
	go l.run()
	return l, recs, nil
}

// ---------------------------------------------------------------------------
// Service

type config struct {
	addr           string
	mode           string
	payment        time.Duration
	slots          int
	workers        int
	dataDir        string
	queueCap       int
	commitBatch    int
	commitInterval time.Duration
	maxBody        int64
	cpuProfile     string
}

type server struct {
	cfg    config
	store  *store
	recvPP *paymentProcessor   // the receiver's, used by /orders/sync
	groups []*paymentProcessor // one per simulated order-processor process

	queue  chan *record
	queued atomic.Int64 // reserved + enqueued, <= cap(queue) for new orders
	olog   *orderLog    // nil in mem mode

	idPrefix string
	idSeq    atomic.Uint64

	// counters
	accepted      atomic.Int64
	syncCompleted atomic.Int64
	asyncDone     atomic.Int64
	syncInPayment atomic.Int64
	inPayment     atomic.Int64 // async orders in payment
	badRequests   atomic.Int64
	queueFull     atomic.Int64
	started       time.Time

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func newServer(cfg config) (*server, error) {
	s := &server{
		cfg:      cfg,
		store:    newStore(),
		queue:    make(chan *record, cfg.queueCap),
		idPrefix: strconv.FormatInt(time.Now().UnixNano(), 36),
		started:  time.Now(),
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.recvPP = newPaymentProcessor(cfg.slots, cfg.payment)
	for i := 0; i < cfg.workers; i++ {
		s.groups = append(s.groups, newPaymentProcessor(cfg.slots, cfg.payment))
	}
	if cfg.mode == "durable" {
		l, recs, err := openLog(cfg.dataDir, cfg.commitBatch, cfg.commitInterval)
		if err != nil {
			return nil, err
		}
		s.olog = l
		var pending []*record
		for _, r := range recs {
			s.store.put(r)
			if r.status.Load() == statusPending {
				pending = append(pending, r)
			}
		}
		if len(recs) > 0 {
			log.Printf("replayed %d orders from log, %d pending re-enqueued", len(recs), len(pending))
		}
		if len(pending) > 0 {
			// May exceed the queue capacity; new orders get 503 until drained.
			s.queued.Add(int64(len(pending)))
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				for _, r := range pending {
					select {
					case s.queue <- r:
					case <-s.ctx.Done():
						return
					}
				}
			}()
		}
	}
	for _, g := range s.groups {
		s.wg.Add(1)
		go s.processor(g)
	}
	return s, nil
}

func (s *server) newID() string {
	return s.idPrefix + "-" + strconv.FormatUint(s.idSeq.Add(1), 10)
}

// processor is one simulated order-processor process: it only takes an order
// off the shared queue when its own payment processor has a free slot, and
// runs each payment in its own goroutine (the original's "one goroutine per SQS
// message" worker).
func (s *server) processor(g *paymentProcessor) {
	defer s.wg.Done()
	for {
		if !g.acquire(s.ctx) {
			return
		}
		var r *record
		select {
		case r = <-s.queue:
		case <-s.ctx.Done():
			g.release()
			return
		}
		s.queued.Add(-1)
		r.setStatus(statusProcessing)
		s.inPayment.Add(1)
		go func(r *record) {
			g.pay()
			g.release()
			s.inPayment.Add(-1)
			r.setStatus(statusCompleted)
			s.asyncDone.Add(1)
			if s.olog != nil {
				line, _ := json.Marshal(logRec{T: "D", ID: r.order.OrderID, Status: "completed"})
				s.olog.appendAsync(append(line, '\n'))
			}
		}(r)
	}
}

func (s *server) shutdown() {
	s.cancel()
	s.wg.Wait()
	if s.olog != nil {
		if err := s.olog.close(); err != nil {
			log.Printf("closing order log: %v", err)
		}
	}
}

// ---------------------------------------------------------------------------
// HTTP

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func writeJSON(w http.ResponseWriter, code int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		code = http.StatusInternalServerError
		b = []byte(`{"error":"encoding response"}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(b)+1))
	w.WriteHeader(code)
	w.Write(append(b, '\n'))
}

type errResp struct {
	Error string `json:"error"`
}

func writeErr(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, errResp{Error: msg})
}

func (s *server) readOrder(w http.ResponseWriter, r *http.Request) (*OrderRequest, bool) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		writeErr(w, http.StatusMethodNotAllowed, "method not allowed")
		return nil, false
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if _, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, s.cfg.maxBody)); err != nil {
		s.badRequests.Add(1)
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeErr(w, http.StatusRequestEntityTooLarge, "request body too large")
		} else {
			writeErr(w, http.StatusBadRequest, "reading request body: "+err.Error())
		}
		return nil, false
	}
	req := &OrderRequest{}
	if err := json.Unmarshal(buf.Bytes(), req); err != nil {
		s.badRequests.Add(1)
		writeErr(w, http.StatusBadRequest, "invalid JSON: "+err.Error())
		return nil, false
	}
	if err := req.validate(); err != nil {
		s.badRequests.Add(1)
		writeErr(w, http.StatusBadRequest, err.Error())
		return nil, false
	}
	return req, true
}

func (s *server) newOrder(req *OrderRequest) *Order {
	var total float64
	for _, it := range req.Items {
		total += float64(it.Quantity) * it.Price
	}
	return &Order{
		OrderID:    s.newID(),
		CustomerID: req.CustomerID,
		Items:      req.Items,
		Total:      total,
		CreatedAt:  time.Now().UTC(),
	}
}

type syncResp struct {
	OrderID          string  `json:"order_id"`
	Status           string  `json:"status"`
	CustomerID       ID      `json:"customer_id"`
	Total            float64 `json:"total"`
	WaitMs           float64 `json:"payment_wait_ms"`
	ProcessingTimeMs float64 `json:"processing_time_ms"`
}

// POST /orders/sync: the customer waits for a payment slot and the payment.
func (s *server) handleSync(w http.ResponseWriter, r *http.Request) {
	t0 := time.Now()
	req, ok := s.readOrder(w, r)
	if !ok {
		return
	}
	o := s.newOrder(req)
	rec := &record{order: o, sync: true}
	rec.setStatus(statusPending)
	s.store.put(rec)

	g := s.recvPP
	if !g.acquire(r.Context()) {
		rec.setStatus(statusFailed)
		// Client went away while queued for a payment slot.
		writeErr(w, http.StatusServiceUnavailable, "request cancelled while waiting for a payment slot")
		return
	}
	wait := time.Since(t0)
	rec.setStatus(statusProcessing)
	s.syncInPayment.Add(1)
	g.pay()
	g.release()
	s.syncInPayment.Add(-1)
	rec.setStatus(statusCompleted)
	s.syncCompleted.Add(1)

	writeJSON(w, http.StatusOK, syncResp{
		OrderID:          o.OrderID,
		Status:           "completed",
		CustomerID:       o.CustomerID,
		Total:            o.Total,
		WaitMs:           float64(wait.Microseconds()) / 1000,
		ProcessingTimeMs: float64(time.Since(t0).Microseconds()) / 1000,
	})
}

type asyncResp struct {
	OrderID string `json:"order_id"`
	Status  string `json:"status"`
	Durable bool   `json:"durable"`
	Message string `json:"message"`
}

// POST /orders/async: accept, enqueue (and in durable mode fsync), answer 202.
func (s *server) handleAsync(w http.ResponseWriter, r *http.Request) {
	req, ok := s.readOrder(w, r)
	if !ok {
		return
	}
	// Reserve a queue slot first so that an accepted order can always be
	// enqueued without blocking.
	if s.queued.Add(1) > int64(s.cfg.queueCap) {
		s.queued.Add(-1)
		s.queueFull.Add(1)
		w.Header().Set("Retry-After", "1")
		writeErr(w, http.StatusServiceUnavailable, "order queue full")
		return
	}
	o := s.newOrder(req)
	rec := &record{order: o}
	rec.setStatus(statusPending)
	if s.olog != nil {
		line, err := json.Marshal(logRec{T: "A", Order: o})
		if err == nil {
			err = s.olog.commit(append(line, '\n'))
		}
		if err != nil {
			s.queued.Add(-1)
			writeErr(w, http.StatusServiceUnavailable, "could not persist order: "+err.Error())
			return
		}
	}
	s.store.put(rec)
	s.queue <- rec // never blocks: slot reserved above
	s.accepted.Add(1)
	writeJSON(w, http.StatusAccepted, asyncResp{
		OrderID: o.OrderID,
		Status:  "pending",
		Durable: s.olog != nil,
		Message: "order accepted for processing",
	})
}

type orderResp struct {
	OrderID    string    `json:"order_id"`
	Status     string    `json:"status"`
	Kind       string    `json:"kind"`
	CustomerID ID        `json:"customer_id"`
	Items      []Item    `json:"items"`
	Total      float64   `json:"total"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// GET /orders/{id}
func (s *server) handleGetOrder(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeErr(w, http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	id := strings.TrimPrefix(r.URL.Path, "/orders/")
	if id == "" || strings.Contains(id, "/") {
		writeErr(w, http.StatusNotFound, "not found")
		return
	}
	rec := s.store.get(id)
	if rec == nil {
		writeErr(w, http.StatusNotFound, "order not found")
		return
	}
	kind := "async"
	if rec.sync {
		kind = "sync"
	}
	o := rec.order
	writeJSON(w, http.StatusOK, orderResp{
		OrderID:    o.OrderID,
		Status:     statusNames[rec.status.Load()],
		Kind:       kind,
		CustomerID: o.CustomerID,
		Items:      o.Items,
		Total:      o.Total,
		CreatedAt:  o.CreatedAt,
		UpdatedAt:  time.Unix(0, rec.updated.Load()).UTC(),
	})
}

var healthBody = []byte(`{"status":"healthy"}` + "\n")

// GET /health
func (s *server) handleHealth(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(healthBody)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(healthBody)
	}
}

// GET /orders/stats (the original has a statistics endpoint too)
func (s *server) handleStats(w http.ResponseWriter, r *http.Request) {
	st := map[string]any{
		"mode":                    s.cfg.mode,
		"workers":                 s.cfg.workers,
		"slots_per_worker":        s.cfg.slots,
		"payment_ms":              s.cfg.payment.Milliseconds(),
		"accepted_async":          s.accepted.Load(),
		"completed_async":         s.asyncDone.Load(),
		"completed_sync":          s.syncCompleted.Load(),
		"in_payment_async":        s.inPayment.Load(),
		"in_payment_sync":         s.syncInPayment.Load(),
		"queue_depth":             len(s.queue),
		"queue_capacity":          s.cfg.queueCap,
		"rejected_invalid":        s.badRequests.Load(),
		"rejected_queue":          s.queueFull.Load(),
		"uptime_s":                time.Since(s.started).Seconds(),
		"max_async_processing_ps": float64(s.cfg.workers*s.cfg.slots) / s.cfg.payment.Seconds(),
		"max_sync_ps":             float64(s.cfg.slots) / s.cfg.payment.Seconds(),
	}
	if l := s.olog; l != nil {
		b := l.batches.Load()
		st["log_batches"] = b
		st["log_records"] = l.records.Load()
		st["log_max_batch"] = l.maxSeen.Load()
		st["log_fsync_max_ms"] = float64(l.fsyncMaxN.Load()) / 1e6
		if b > 0 {
			st["log_avg_batch"] = float64(l.records.Load()) / float64(b)
			st["log_avg_write_fsync_ms"] = float64(l.fsyncNs.Load()) / float64(b) / 1e6
		}
	}
	writeJSON(w, http.StatusOK, st)
}

func (s *server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/health", s.handleHealth)
	mux.HandleFunc("/orders/sync", s.handleSync)
	mux.HandleFunc("/orders/async", s.handleAsync)
	mux.HandleFunc("/orders/stats", s.handleStats)
	mux.HandleFunc("/orders/", s.handleGetOrder)
	return mux
}

// ---------------------------------------------------------------------------

func parseFlags(args []string) (config, error) {
	var c config
	fs := flag.NewFlagSet("orderd", flag.ContinueOnError)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", "listen address")
	fs.StringVar(&c.mode, "mode", "mem", "queue mode: mem (buffered channel) or durable (fsync'ed log)")
	fs.DurationVar(&c.payment, "payment", 3*time.Second, "simulated payment duration")
	fs.IntVar(&c.slots, "slots", 5, "payment slots per worker group (the original's semaphore size)")
	fs.IntVar(&c.workers, "workers", 1, "order-processor groups (simulated processes), each with its own slots")
	fs.StringVar(&c.dataDir, "data", "./data", "directory for the durable order log (mode=durable)")
	fs.IntVar(&c.queueCap, "queue", 1<<20, "capacity of the order queue; when full /orders/async answers 503")
	fs.IntVar(&c.commitBatch, "commit-batch", 1024, "durable: max orders per fsync batch")
	fs.DurationVar(&c.commitInterval, "commit-interval", 0, "durable: wait up to this long after the first pending order to fill a batch (0 = adaptive: flush at once, batch whatever queued during the previous fsync)")
	fs.Int64Var(&c.maxBody, "max-body", 1<<20, "max request body bytes")
	fs.StringVar(&c.cpuProfile, "cpuprofile", "", "write a CPU profile to this file until shutdown (diagnostics)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	switch {
	case c.mode != "mem" && c.mode != "durable":
		return c, fmt.Errorf("-mode must be mem or durable, got %q", c.mode)
	case c.payment < 0:
		return c, errors.New("-payment must be >= 0")
	case c.slots < 1:
		return c, errors.New("-slots must be >= 1")
	case c.workers < 1:
		return c, errors.New("-workers must be >= 1")
	case c.queueCap < 1:
		return c, errors.New("-queue must be >= 1")
	case c.commitBatch < 1:
		return c, errors.New("-commit-batch must be >= 1")
	}
	return c, nil
}

func main() {
	log.SetFlags(log.LstdFlags | log.Lmicroseconds)
	cfg, err := parseFlags(os.Args[1:])
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		log.Fatal(err)
	}
	if cfg.cpuProfile != "" {
		f, err := os.Create(cfg.cpuProfile)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	s, err := newServer(cfg)
	if err != nil {
		log.Fatal(err)
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		log.Fatal(err)
	}
	srv := &http.Server{
		Handler:           s.routes(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	log.Printf("orderd listening on %s mode=%s payment=%s slots=%d workers=%d",
		ln.Addr(), cfg.mode, cfg.payment, cfg.slots, cfg.workers)

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case sig := <-sigs:
		log.Printf("got %s, shutting down", sig)
	case err := <-errc:
		log.Printf("serve: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(ctx)
	s.shutdown()
	log.Printf("bye: accepted_async=%d completed_async=%d completed_sync=%d",
		s.accepted.Load(), s.asyncDone.Load(), s.syncCompleted.Load())
}
