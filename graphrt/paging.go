package graphrt

import (
	"context"
	"errors"
	"fmt"
	"iter"
)

// ErrNextLinkLoop is what Pages yields when a page's @odata.nextLink
// names a page it has already read: following it would never end.
var ErrNextLinkLoop = errors.New("graph: @odata.nextLink repeats a page already read")

// Pages returns an iterator over the items of a paged Graph collection.
// first reads the first page and next the page an @odata.nextLink names;
// both return the page's items and its @odata.nextLink ("" on the last
// page). The iterator yields every item with a nil error, in order, and
// ends after the last page. It yields one final zero item with an error,
// and ends, when reading a page fails, when ctx is done (ctx.Err()), or
// when a nextLink repeats (ErrNextLinkLoop). Every range over it reads
// from the first page again.
func Pages[T any](ctx context.Context, first func(context.Context) ([]T, string, error), next func(ctx context.Context, link string) ([]T, string, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		seen := map[string]bool{}
		link := ""
		for page := 0; ; page++ {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			var items []T
			var err error
			if page == 0 {
				items, link, err = first(ctx)
			} else {
				items, link, err = next(ctx, link)
			}
			if err != nil {
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
				if err := ctx.Err(); err != nil {
					yield(zero, err)
					return
				}
			}
			if link == "" {
				return
			}
			if seen[link] {
				yield(zero, fmt.Errorf("%w: %s", ErrNextLinkLoop, link))
				return
			}
			seen[link] = true
		}
	}
}
