package fake

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/graphdoc/graphdoc/graphrt"
)

// Fault makes the fake answer some requests with Graph's throttling or
// outage errors instead of serving them, so that a client's retries are
// exercised: 429 TooManyRequests, 503 ServiceUnavailable or 504
// GatewayTimeout, in Graph's error shape, with a Retry-After header.
//
// A Fault applies to the requests NewFakeHandler serves over HTTP and
// routes to an operation: not to in-process calls of the Fake's methods,
// nor to requests answered 404 or 405.
type Fault struct {
	// Ops are the operations the fault applies to, each a Go method name
	// (DeviceManagementUserPfxCertificatesList) or an operationId
	// (deviceManagement.userPfxCertificates.list); none means every
	// operation.
	Ops []string
	// Status is 429, 503 or 504.
	Status int
	// RetryAfter is sent as the Retry-After header, in whole seconds
	// (rounded up). Zero sends none for 503 and 504, and 1 for 429, which
	// Graph always sends it with.
	RetryAfter time.Duration
	// Fraction answers this fraction (0 < Fraction <= 1) of the matching
	// requests with the fault, drawn from the seed of Faults.
	Fraction float64
	// EveryNth answers the first matching request and every Nth after it
	// with the fault (the 1st, N+1th, 2N+1th...): with 2, every other
	// request fails, starting with the first, so a single retry succeeds;
	// 1 fails them all. Set exactly one of Fraction and EveryNth.
	EveryNth int
	// Limit bounds how many requests this fault answers in all; zero means
	// no limit.
	Limit int
}

// Faults makes the fake answer requests with the given faults, and
// replaces any faults set before. For each request, the faults are tried
// in order, and the first that fires answers it: a fault counts (for
// EveryNth) or draws for (for Fraction) only the requests that match its
// Ops and that no fault before it answered, and only until its Limit is
// reached. The draws come from a PCG generator (math/rand/v2) seeded with
// seed, so the same seed and the same order of requests give the same
// faults.
//
// Faults panics on a Fault that is not valid: a Status other than 429,
// 503 or 504, neither or both of Fraction and EveryNth, a Fraction
// outside (0, 1], or a negative EveryNth, Limit or RetryAfter. Those are
// mistakes in a test, which a panic points at.
func Faults(seed uint64, faults ...Fault) Option {
	rules := make([]faultRule, len(faults))
	for i, f := range faults {
		if err := f.check(); err != nil {
			panic(fmt.Sprintf("fake.Faults: fault %d: %v", i, err))
		}
		f.Ops = slices.Clone(f.Ops)
		rules[i] = faultRule{Fault: f}
	}
	return func(s *Store) {
		t := &s.traffic
		t.mu.Lock()
		defer t.mu.Unlock()
		t.rules = slices.Clone(rules)
		t.rng = rand.New(rand.NewPCG(seed, 0))
	}
}

// check reports what makes a fault invalid.
func (f *Fault) check() error {
	switch f.Status {
	case http.StatusTooManyRequests, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
	default:
		return fmt.Errorf("status %d: want 429, 503 or 504", f.Status)
	}
	switch {
	case f.EveryNth < 0:
		return fmt.Errorf("EveryNth %d is negative", f.EveryNth)
	case f.Limit < 0:
		return fmt.Errorf("Limit %d is negative", f.Limit)
	case f.RetryAfter < 0:
		return fmt.Errorf("RetryAfter %v is negative", f.RetryAfter)
	case (f.Fraction != 0) == (f.EveryNth != 0):
		return fmt.Errorf("set exactly one of Fraction (%v) and EveryNth (%d)", f.Fraction, f.EveryNth)
	case f.Fraction != 0 && !(f.Fraction > 0 && f.Fraction <= 1):
		return fmt.Errorf("Fraction %v is not in (0, 1]", f.Fraction)
	}
	return nil
}

// Request is one request the fake was asked over HTTP, and how it was
// answered.
type Request struct {
	// Op is the operation the request was routed to, by its Go method name
	// (or its operationId when the route has no Go name); "" for a request
	// answered 404 or 405.
	Op string
	// Method is the request's method.
	Method string
	// Path is the request's path as sent, escaped.
	Path string
	// Query is the request's query, escaped, without the '?'.
	Query string
	// Status is the status the fake answered with.
	Status int
	// Fault is true when a Fault answered the request.
	Fault bool
}

// traffic holds a store's faults and request log.
type traffic struct {
	mu    sync.Mutex
	rules []faultRule
	rng   *rand.Rand
	log   []Request
}

// faultRule is a Fault and its counts.
type faultRule struct {
	Fault
	seen  int // the matching requests it counted
	fired int // the requests it answered
}

// matches reports whether the fault applies to the operation.
func (r *faultRule) matches(id, name string) bool {
	if len(r.Ops) == 0 {
		return true
	}
	for _, op := range r.Ops {
		if op != "" && (op == id || op == name) {
			return true
		}
	}
	return false
}

// Requests returns the requests the fake was asked over HTTP since it was
// made or ResetRequests was called, in the order they were answered. In-
// process calls of the Fake's methods are not among them. It is safe for
// concurrent use, and the slice is the caller's.
func (s *Store) Requests() []Request {
	t := &s.traffic
	t.mu.Lock()
	defer t.mu.Unlock()
	return slices.Clone(t.log)
}

// ResetRequests empties the request log. It leaves the faults' counts
// and their generator as they are.
func (s *Store) ResetRequests() {
	t := &s.traffic
	t.mu.Lock()
	defer t.mu.Unlock()
	t.log = nil
}

// Intercept is how a generated NewFakeHandler's router hands the store
// each request (graphrt/impl.Interceptor): the store answers it with a
// Fault or has it served, and logs it. Tests do not call it.
func (s *Store) Intercept(id, name string, w http.ResponseWriter, r *http.Request, serve func() int) {
	op := name
	if op == "" {
		op = id
	}
	entry := Request{Op: op, Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.RawQuery}
	if f := s.traffic.fault(id, name); f != nil {
		writeFault(w, f)
		entry.Status, entry.Fault = f.Status, true
	} else {
		entry.Status = serve()
	}
	t := &s.traffic
	t.mu.Lock()
	defer t.mu.Unlock()
	t.log = append(t.log, entry)
}

// fault returns the fault that answers a request to the operation, or
// nil; it counts the request.
func (t *traffic) fault(id, name string) *Fault {
	if id == "" && name == "" {
		return nil // a 404 or 405: no operation
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for i := range t.rules {
		r := &t.rules[i]
		if r.Limit > 0 && r.fired >= r.Limit || !r.matches(id, name) {
			continue
		}
		r.seen++
		var fire bool
		if r.EveryNth > 0 {
			fire = (r.seen-1)%r.EveryNth == 0
		} else {
			fire = t.rng.Float64() < r.Fraction
		}
		if fire {
			r.fired++
			f := r.Fault
			return &f
		}
	}
	return nil
}

// The errors a fault answers with, as Graph words them.
var faultErrors = map[int][2]string{
	http.StatusTooManyRequests:    {"TooManyRequests", "Too many requests"},
	http.StatusServiceUnavailable: {"ServiceUnavailable", "The service is temporarily unavailable"},
	http.StatusGatewayTimeout:     {"GatewayTimeout", "The gateway timed out waiting for the service"},
}

// writeFault answers a request with a fault's error.
func writeFault(w http.ResponseWriter, f *Fault) {
	secs := int64(f.RetryAfter / time.Second)
	if f.RetryAfter%time.Second != 0 {
		secs++
	}
	if f.Status == http.StatusTooManyRequests && secs < 1 {
		secs = 1
	}
	if secs > 0 {
		w.Header().Set("Retry-After", strconv.FormatInt(secs, 10))
	}
	e := faultErrors[f.Status]
	graphrt.WriteError(w, f.Status, e[0], e[1])
}
