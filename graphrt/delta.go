package graphrt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"sync"

	"github.com/graphdoc/graphdoc/graphrt/internal/wire"
)

// Change is one item a delta query reports: an item created or changed
// since the last round, or one removed from the collection.
type Change[T any] struct {
	// Item is the item as the service sent it. For a removed item it is
	// what the service sent (often only the id), or the zero T when that
	// does not decode as a T.
	Item T
	// ID is the item's "id" member ("" when it has none).
	ID string
	// Removed is set for an item the service reports under "@removed":
	// deleted, or no longer in the collection (it may come back).
	Removed bool
	// Reason is the @removed reason of a removed item: "changed" (the
	// item left the collection, or was soft-deleted and can be restored)
	// or "deleted" (it is gone for good).
	Reason string
}

// Delta reads a Graph delta query (a GET .../delta function): the first
// round returns every item, page by page, following @odata.nextLink up to
// the last page, which carries an @odata.deltaLink instead; a later round
// reads that deltaLink and gets only what changed since. Make one with
// NewDelta (what a generated client's <Op>Changes method does) or
// ResumeDelta (from a deltaLink saved earlier).
//
// A Delta may be used from several goroutines; each round reads the
// deltaLink current when it starts.
type Delta[T any] struct {
	c     *Client
	first *http.Request
	err   error

	mu   sync.Mutex
	link string // the deltaLink the next round starts from
}

// NewDelta returns a Delta whose first round sends first, the request of
// the delta function, built without the context (each round sends a copy
// of it with the context given to Changes). Generated clients call it.
func NewDelta[T any](c *Client, first *http.Request) *Delta[T] {
	return &Delta[T]{c: c, first: first}
}

// ResumeDelta returns a Delta whose first round reads deltaLink, the
// DeltaLink of an earlier round (saved, perhaps, across restarts): it
// reports only what changed since that round. The link must be on c's
// server (its scheme and host): it is sent c's credentials, so a link
// elsewhere is refused when a round starts.
//
// With a generated client: graphrt.ResumeDelta[T](client.Runtime(), saved).
func ResumeDelta[T any](c *Client, deltaLink string) *Delta[T] {
	return &Delta[T]{c: c, link: deltaLink}
}

// FailedDelta returns a Delta whose rounds yield only err: what code
// that fails to build the first request of a delta query returns.
func FailedDelta[T any](err error) *Delta[T] {
	return &Delta[T]{err: err}
}

// DeltaLink returns the @odata.deltaLink of the last round that
// completed, to save and resume from later (see ResumeDelta): "" until a
// round of a Delta made by NewDelta completes, and the link it was made
// with for a Delta made by ResumeDelta.
func (d *Delta[T]) DeltaLink() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.link
}

// Changes returns an iterator over one round of the delta query: the
// first round starts from the delta function's request, every further
// one (another range over Changes, or over a new call's result) from the
// DeltaLink of the last round that completed. It follows every
// @odata.nextLink, yields each item with a nil error, and ends after the
// page with the @odata.deltaLink, which DeltaLink then returns. Pages are
// sent with c.Send (headers from ctx, retries, middleware).
//
// It yields one final zero Change with an error, and ends, when a page
// fails to read or decode, when ctx is done (ctx.Err()), when a nextLink
// repeats (ErrNextLinkLoop), or when a link is not on the client's server.
// A round that does not complete leaves DeltaLink as it was: the next
// round reads from the same point again, so items may be reported twice.
func (d *Delta[T]) Changes(ctx context.Context) iter.Seq2[Change[T], error] {
	return func(yield func(Change[T], error) bool) {
		var zero Change[T]
		if d.err != nil {
			yield(zero, d.err)
			return
		}
		if d.c == nil || d.c.doer == nil {
			yield(zero, errNoClient)
			return
		}
		start := d.DeltaLink()
		var req *http.Request
		var err error
		seen := map[string]bool{}
		switch {
		case start != "":
			seen[start] = true
			req, err = wire.LinkRequest(ctx, d.c.server, start, "@odata.deltaLink")
		case d.first != nil:
			req = d.first.Clone(ctx)
		default:
			err = errors.New("graph: delta query without a first request or a deltaLink")
		}
		if err != nil {
			yield(zero, err)
			return
		}
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			var page deltaPage
			if err := d.c.Send(req, &page); err != nil {
				yield(zero, err)
				return
			}
			for _, raw := range page.Value {
				ch, err := decodeChange[T](raw)
				if err != nil {
					yield(zero, err)
					return
				}
				if !yield(ch, nil) {
					return
				}
				if err := ctx.Err(); err != nil {
					yield(zero, err)
					return
				}
			}
			if page.DeltaLink != "" {
				// Checked now, so that the round that received a bad link
				// reports it, not a later one.
				if _, err := wire.LinkRequest(ctx, d.c.server, page.DeltaLink, "@odata.deltaLink"); err != nil {
					yield(zero, err)
					return
				}
				d.mu.Lock()
				d.link = page.DeltaLink
				d.mu.Unlock()
				return
			}
			if page.NextLink == "" {
				yield(zero, errors.New("graph: delta page with neither @odata.nextLink nor @odata.deltaLink"))
				return
			}
			if seen[page.NextLink] {
				yield(zero, fmt.Errorf("%w: %s", ErrNextLinkLoop, page.NextLink))
				return
			}
			seen[page.NextLink] = true
			if req, err = wire.LinkRequest(ctx, d.c.server, page.NextLink, "@odata.nextLink"); err != nil {
				yield(zero, err)
				return
			}
		}
	}
}

// deltaPage is one page of a delta query.
type deltaPage struct {
	Value     []json.RawMessage `json:"value"`
	NextLink  string            `json:"@odata.nextLink"`
	DeltaLink string            `json:"@odata.deltaLink"`
}

// decodeChange decodes one item of a delta page.
func decodeChange[T any](raw []byte) (Change[T], error) {
	var ch Change[T]
	id, removed, ok := itemMembers(raw)
	if !ok {
		return ch, errors.New("graph: delta page item is no JSON object")
	}
	if id != nil {
		if err := json.Unmarshal(id, &ch.ID); err != nil {
			return ch, fmt.Errorf("graph: delta page item id: %w", err)
		}
	}
	if removed != nil {
		ch.Removed = true
		var r struct {
			Reason string `json:"reason"`
		}
		json.Unmarshal(removed, &r)
		ch.Reason = r.Reason
		// What the service sent of a removed item need not be a valid T.
		if err := json.Unmarshal(raw, &ch.Item); err != nil {
			var zero T
			ch.Item = zero
		}
		return ch, nil
	}
	if err := json.Unmarshal(raw, &ch.Item); err != nil {
		return ch, fmt.Errorf("graph: decode delta item %q: %w", ch.ID, err)
	}
	return ch, nil
}

// itemMembers returns the raw values of the top-level members "id" and
// "@removed" of a JSON object (nil when absent); ok is false when data is
// no well-formed JSON object.
func itemMembers(data []byte) (id, removed []byte, ok bool) {
	var head struct {
		ID      json.RawMessage `json:"id"`
		Removed json.RawMessage `json:"@removed"`
	}
	if t := bytes.TrimSpace(data); len(t) == 0 || t[0] != '{' || json.Unmarshal(t, &head) != nil {
		return nil, nil, false
	}
	return head.ID, head.Removed, true
}
