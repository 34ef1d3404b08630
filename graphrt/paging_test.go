package graphrt

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
)

// book is a paged collection for Pages: page i holds items 10i..10i+2,
// and links to the page its next says ("" for none).
type book struct {
	next  map[string]string
	reads []string
	fail  string // the link that fails
}

func (b *book) page(link string) ([]int, string, error) {
	b.reads = append(b.reads, link)
	if link == b.fail {
		return nil, "", &Error{StatusCode: 500, Code: "InternalServerError"}
	}
	n, _ := strconv.Atoi(strings.TrimPrefix(link, "p"))
	return []int{10 * n, 10*n + 1, 10*n + 2}, b.next[link], nil
}

func (b *book) seq(ctx context.Context) func(func(int, error) bool) {
	return Pages(ctx,
		func(context.Context) ([]int, string, error) { return b.page("p0") },
		func(_ context.Context, link string) ([]int, string, error) { return b.page(link) })
}

func collect(seq func(func(int, error) bool)) ([]int, error) {
	var out []int
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

func TestPagesFollowsNextLinks(t *testing.T) {
	b := &book{next: map[string]string{"p0": "p1", "p1": "p2"}}
	got, err := collect(b.seq(context.Background()))
	if err != nil || len(got) != 9 || got[8] != 22 {
		t.Errorf("got %v, %v", got, err)
	}
	if strings.Join(b.reads, " ") != "p0 p1 p2" {
		t.Errorf("read %v", b.reads)
	}
}

func TestPagesStopsOnARepeatedLink(t *testing.T) {
	b := &book{next: map[string]string{"p0": "p1", "p1": "p2", "p2": "p1"}}
	got, err := collect(b.seq(context.Background()))
	if !errors.Is(err, ErrNextLinkLoop) || len(got) != 9 {
		t.Errorf("got %v, %v; want 9 items and ErrNextLinkLoop", got, err)
	}
}

func TestPagesStopsOnAFailedPage(t *testing.T) {
	b := &book{next: map[string]string{"p0": "p1", "p1": "p2"}, fail: "p1"}
	got, err := collect(b.seq(context.Background()))
	var e *Error
	if !errors.As(err, &e) || e.StatusCode != 500 || len(got) != 3 {
		t.Errorf("got %v, %v", got, err)
	}
}

func TestPagesStopsWhenTheContextEnds(t *testing.T) {
	b := &book{next: map[string]string{"p0": "p1", "p1": "p2"}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var got []int
	var last error
	for v, err := range b.seq(ctx) {
		if err != nil {
			last = err
			break
		}
		got = append(got, v)
		if v == 1 {
			cancel()
		}
	}
	if !errors.Is(last, context.Canceled) || len(got) != 2 || len(b.reads) != 1 {
		t.Errorf("got %v, %v after reading %v", got, last, b.reads)
	}
}

func TestPagesStopsWhenTheLoopBreaks(t *testing.T) {
	b := &book{next: map[string]string{"p0": "p1", "p1": "p2"}}
	for v := range b.seq(context.Background()) {
		if v == 11 {
			break
		}
	}
	if len(b.reads) != 2 {
		t.Errorf("read %v after break", b.reads)
	}
}
