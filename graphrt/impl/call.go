package impl

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"strings"

	"github.com/graphdoc/graphdoc/graphrt"
)

// Call sends one operation with c and decodes its response: what every
// method of a generated client does.
//
// path is the operation's template, expanded with args in order (see
// NewRouter for the grammar): each value is percent-encoded for a path
// segment, so that a '/' in a key is %2F, except that the value of a
// spanning placeholder ({item-path}: after root:) keeps its '/' between
// segments (leading and trailing '/' are dropped); a single quote in a
// placeholder between single quotes is doubled, as OData's string
// literals want. A whole-segment or spanning
// placeholder cannot be empty. params, a pointer to a parameters struct
// (see BindParams) or nil, gives the query string, in field order, and
// request headers; body, unless nil, is sent as JSON (encoding/json, so
// that generated MarshalJSON methods apply).
//
// A 2xx response's JSON body is decoded into out (with encoding/json, so
// that its UnmarshalJSON runs); an empty body leaves out as it is. With
// out nil the body is discarded; with out a *[]byte it receives the body
// as it is, whatever its type. Any other status is a *graphrt.Error (see
// graphrt.Client.Do, which sends the request: headers from the context,
// client-request-id, middleware and retries).
func Call(ctx context.Context, c *graphrt.Client, method, path string, args []string, params any, body any, out any) error {
	req, err := NewRequest(ctx, c, method, path, args, params, body)
	if err != nil {
		return err
	}
	return c.Send(req, out)
}

// NewRequest builds the request Call sends: the path expanded with args,
// the query string and headers of params, and body as JSON. It is what
// the generated helpers that send more than one request (delta queries,
// uploads) start from.
func NewRequest(ctx context.Context, c *graphrt.Client, method, path string, args []string, params any, body any) (*http.Request, error) {
	if c == nil {
		return nil, errNoClient
	}
	p, err := expandPath(path, args, true)
	if err != nil {
		return nil, err
	}
	query, headers, err := encodeParams(params)
	if err != nil {
		return nil, err
	}
	u := c.Server() + p
	if query != "" {
		u += "?" + query
	}
	var rd io.Reader
	if !isNilValue(body) {
		data, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("graph: encode the request body: %w", err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, fmt.Errorf("graph: %w", err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range headers {
		req.Header[k] = v
	}
	return req, nil
}

// NextPage reads the page an @odata.nextLink names into out, as Call reads
// a response. The link must be on the client's server (its scheme and
// host; a relative link is resolved against the server): it is sent the
// client's credentials.
func NextPage(ctx context.Context, c *graphrt.Client, link string, out any) error {
	if c == nil {
		return errNoClient
	}
	req, err := NextPageRequest(ctx, c.Server(), link)
	if err != nil {
		return err
	}
	return c.Send(req, out)
}

// All returns an iterator over every item of a paged collection (see
// graphrt.Pages): first reads the first page, a P, and items returns a
// page's items and @odata.nextLink (impl.PageOf over the page's fields);
// the further pages are read with NextPage.
func All[T, P any](ctx context.Context, c *graphrt.Client, first func(context.Context) (*P, error), items func(*P) ([]T, string, error)) iter.Seq2[T, error] {
	return graphrt.Pages(ctx,
		func(ctx context.Context) ([]T, string, error) {
			p, err := first(ctx)
			if err != nil || p == nil {
				return nil, "", err
			}
			return items(p)
		},
		func(ctx context.Context, link string) ([]T, string, error) {
			p := new(P)
			if err := NextPage(ctx, c, link, p); err != nil {
				return nil, "", err
			}
			return items(p)
		})
}

// expandPath substitutes args for the placeholders of a path template, in
// order. With escape set each value is percent-encoded for a path segment
// (see Call); without, values are put in as they are, as the router
// decodes them (quotes still doubled between quotes).
func expandPath(template string, args []string, escape bool) (string, error) {
	segs, err := parseTemplate(template)
	if err != nil {
		return "", fmt.Errorf("graph: %w", err)
	}
	n := 0
	for i := range segs {
		n += len(segs[i].names)
	}
	if n != len(args) {
		return "", fmt.Errorf("graph: path %s has %d placeholders, not %d", template, n, len(args))
	}
	var b strings.Builder
	n = 0
	for i := range segs {
		s := &segs[i]
		b.WriteByte('/')
		switch s.kind() {
		case rtLiteral:
			b.WriteString(s.lits[0])
		case rtWhole:
			arg := args[n]
			if arg == "" {
				return "", fmt.Errorf("graph: path %s: {%s} is empty", template, s.names[0])
			}
			if escape {
				arg = escapeWholeSegment(arg)
			}
			b.WriteString(arg)
		case rtSpan:
			arg := args[n]
			if !escape {
				b.WriteString(arg)
				b.WriteByte(':')
				break
			}
			arg = strings.Trim(arg, "/")
			if arg == "" {
				return "", fmt.Errorf("graph: path %s: {%s} is empty", template, s.names[0])
			}
			for j, p := range strings.Split(arg, "/") {
				if p == "" {
					return "", fmt.Errorf("graph: path %s: {%s} %q has an empty segment", template, s.names[0], arg)
				}
				if j > 0 {
					b.WriteByte('/')
				}
				b.WriteString(escapeWholeSegment(p))
			}
			b.WriteByte(':')
		default:
			for j := range s.names {
				b.WriteString(s.lits[j])
				arg := args[n+j]
				if s.quoted[j] {
					arg = strings.ReplaceAll(arg, "'", "''")
				}
				if escape {
					arg = escapeSegment(arg)
				}
				b.WriteString(arg)
			}
			b.WriteString(s.lits[len(s.lits)-1])
		}
		n += len(s.names)
	}
	return b.String(), nil
}

// escapeWholeSegment is escapeSegment, which also encodes a segment that
// is "." or ".." so that nothing on the way takes it for a dot segment.
func escapeWholeSegment(s string) string {
	switch s {
	case ".":
		return "%2E"
	case "..":
		return "%2E%2E"
	}
	return escapeSegment(s)
}

// escapeSegment percent-encodes s for a path segment: every byte but the
// unreserved ones and the sub-delimiters and ':' and '@' a segment may
// hold as they are (RFC 3986's pchar).
func escapeSegment(s string) string {
	const hex = "0123456789ABCDEF"
	i := 0
	for i < len(s) && isPathChar(s[i]) {
		i++
	}
	if i == len(s) {
		return s
	}
	b := make([]byte, 0, len(s)+8)
	b = append(b, s[:i]...)
	for ; i < len(s); i++ {
		c := s[i]
		if isPathChar(c) {
			b = append(b, c)
			continue
		}
		b = append(b, '%', hex[c>>4], hex[c&15])
	}
	return string(b)
}

func isPathChar(c byte) bool {
	return isUnreserved(c) || strings.IndexByte("!$&'()*+,;=:@", c) >= 0
}

// errNoClient guards against a nil client.
var errNoClient = errors.New("graph: nil client")
