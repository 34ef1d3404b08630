package graphrt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// UploadFragment is the unit of a large file upload's ranges: every range
// but the last must be a multiple of it (320 KiB).
const UploadFragment = 320 << 10

// Bounds of UploadOptions.ChunkSize.
const (
	DefaultUploadChunk = 10 * UploadFragment // 3.125 MiB
	MaxUploadChunk     = 60 << 20            // 60 MiB, the service's limit per request
)

// maxUploadResumes bounds how many times one upload asks its session where
// to resume from after a failed range.
const maxUploadResumes = 5

// cancelUploadTimeout bounds the DELETE that cancels a session after the
// upload's context is done.
const cancelUploadTimeout = 10 * time.Second

// UploadOptions tunes Client.Upload.
type UploadOptions struct {
	// ChunkSize is the size of each range sent (the last may be
	// shorter): a multiple of UploadFragment (320 KiB) up to
	// MaxUploadChunk (60 MiB); 0 means DefaultUploadChunk (3.125 MiB).
	// Any other value is an error. Upload holds one chunk in memory.
	ChunkSize int64
	// Progress, when set, is called after each range the session
	// accepts, and after a resume, with the bytes the session holds and
	// the total size.
	Progress func(sent, size int64)
}

// Upload sends size bytes read from r to a Graph upload session (what a
// createUploadSession action answers: a driveItem's, an attachment's...)
// whose uploadUrl is uploadURL, in ranges, and decodes the final response
// (the created item) into out as Send does (nil discards it).
//
// Each range is a PUT with Content-Range and Content-Length, sent as Do
// sends (headers from ctx, client-request-id, middleware, retries of
// 429, 503 and 504 honouring Retry-After), but without an Authorization
// header: the upload URL is pre-authenticated, often on another host than
// the client's server, and the client's credentials must not go there
// (the header is removed beneath the middleware).
//
// When a range fails (a 5xx after retries, a 416, or a transport error),
// Upload asks the session (GET uploadURL) which bytes it still expects
// and resumes from the first of them, up to 5 times per upload, waiting
// between attempts as the client's RetryPolicy backs off. r is read once,
// chunk by chunk; the current chunk is kept, so a range can be sent
// again. When r is an io.ReaderAt or io.Seeker, Upload goes back to any
// offset; otherwise resuming before the current chunk is an error.
// r is read from its current offset (an io.ReaderAt that is no io.Seeker
// from offset 0).
//
// size must be known and positive; r ending before size bytes is an
// error. When ctx is done, Upload deletes the session (DELETE uploadURL,
// with a context that outlives ctx for a few seconds) and returns
// ctx.Err().
func (c *Client) Upload(ctx context.Context, uploadURL string, r io.Reader, size int64, out any, opts *UploadOptions) error {
	if c == nil || c.doer == nil {
		return errNoClient
	}
	var o UploadOptions
	if opts != nil {
		o = *opts
	}
	chunk := o.ChunkSize
	switch {
	case chunk == 0:
		chunk = DefaultUploadChunk
	case chunk < 0 || chunk%UploadFragment != 0 || chunk > MaxUploadChunk:
		return fmt.Errorf("graph: upload chunk size %d is not a multiple of 320 KiB (327680 bytes) between 320 KiB and 60 MiB", chunk)
	}
	if size <= 0 {
		return fmt.Errorf("graph: upload size %d: the size must be known and positive", size)
	}
	if r == nil {
		return errors.New("graph: upload from a nil reader")
	}
	if u, err := url.Parse(uploadURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("graph: upload URL %q is no absolute http(s) URL", uploadURL)
	}
	up := &upload{c: c.uploadClient(), url: uploadURL, size: size, progress: o.Progress, src: newUploadSource(r, min(chunk, size))}
	err := up.run(ctx, out)
	if err != nil && ctx.Err() != nil {
		up.cancel(ctx)
		return ctx.Err()
	}
	return err
}

// uploadClient returns a copy of c that sends as c does but drops the
// Authorization header beneath the middleware (an authentication
// middleware included): upload URLs are pre-authenticated.
func (c *Client) uploadClient() *Client {
	hc := c.wrap(func(rt http.RoundTripper) http.RoundTripper { return dropAuthorization{rt} })
	uc := *c
	uc.doer = &Doer{Client: hc, Retry: c.doer.Retry}
	return &uc
}

// dropAuthorization is a transport that sends requests without their
// Authorization header.
type dropAuthorization struct{ next http.RoundTripper }

func (d dropAuthorization) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Header.Get("Authorization") != "" {
		r = r.Clone(r.Context()) // a RoundTripper must not change its request
		r.Header.Del("Authorization")
	}
	return d.next.RoundTrip(r)
}

// upload is one Client.Upload.
type upload struct {
	c        *Client // the client with uploadClient's transport
	url      string
	size     int64
	progress func(sent, size int64)
	src      *uploadSource
}

// uploadSession is what an upload session's URL answers, and the body of
// a 202 to a range.
type uploadSession struct {
	NextExpectedRanges []string `json:"nextExpectedRanges"`
}

// run sends every range from offset 0, resuming after failures.
func (u *upload) run(ctx context.Context, out any) error {
	pos, resumes := int64(0), 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		end := min(pos+int64(len(u.src.buf)), u.size)
		data, err := u.src.chunk(pos, end)
		if err != nil {
			return err
		}
		next, done, err := u.put(ctx, pos, end, data, out)
		if done {
			u.report(u.size)
			return err
		}
		if err == nil {
			if next <= pos || next > u.size {
				return fmt.Errorf("graph: upload session expects byte %d after the range %d-%d", next, pos, end-1)
			}
			if next == u.size {
				return fmt.Errorf("graph: upload session did not complete after the last range")
			}
			pos = next
			u.report(pos)
			continue
		}
		if !resumable(err) || ctx.Err() != nil {
			return err
		}
		// Ask the session where to go on from, as often as the bound allows.
		for {
			resumes++
			if resumes > maxUploadResumes {
				return fmt.Errorf("graph: upload gave up after %d resumes: %w", maxUploadResumes, err)
			}
			if werr := u.c.doer.Retry.sleep(ctx, u.c.doer.Retry.backoff(resumes)); werr != nil {
				return werr
			}
			var p int64
			p, err = u.resumeAt(ctx)
			if err == nil {
				pos = p
				u.report(pos)
				break
			}
			if !resumable(err) || ctx.Err() != nil {
				return err
			}
		}
	}
}

// report calls the Progress function.
func (u *upload) report(sent int64) {
	if u.progress != nil {
		u.progress(sent, u.size)
	}
}

// put sends bytes [start, end) and returns the offset the session expects
// next (its first nextExpectedRanges, else end), or done with the final
// response (a 2xx to the last range, but a 202) decoded into out.
func (u *upload) put(ctx context.Context, start, end int64, data []byte, out any) (next int64, done bool, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, u.url, bytes.NewReader(data))
	if err != nil {
		return 0, true, fmt.Errorf("graph: %w", err)
	}
	req.ContentLength = int64(len(data))
	req.Header.Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", start, end-1, u.size))
	if _, raw := out.(*[]byte); out != nil && !raw {
		req.Header.Set("Accept", "application/json")
	}
	resp, err := u.c.Do(req)
	if err != nil {
		return 0, false, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, false, fmt.Errorf("graph: read response: %w", err)
	}
	// Before the last byte, any 2xx is the session's state (OneDrive
	// answers 202, Outlook 200); after it, a 202 that still expects bytes.
	if end < u.size || resp.StatusCode == http.StatusAccepted {
		var s uploadSession
		if json.Unmarshal(body, &s) == nil && len(s.NextExpectedRanges) > 0 {
			if p, ok := rangeStart(s.NextExpectedRanges[0]); ok {
				return p, false, nil
			}
		}
		return end, false, nil
	}
	return 0, true, decodeBody(resp.StatusCode, resp.Header.Get("Content-Type"), body, out)
}

// resumeAt asks the session for the bytes it expects and returns where
// they start.
func (u *upload) resumeAt(ctx context.Context) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.url, nil)
	if err != nil {
		return 0, fmt.Errorf("graph: %w", err)
	}
	var s uploadSession
	if err := u.c.Send(req, &s); err != nil {
		return 0, err
	}
	if len(s.NextExpectedRanges) == 0 {
		return 0, errors.New("graph: upload session expects no more bytes, but did not answer with the uploaded item")
	}
	p, ok := rangeStart(s.NextExpectedRanges[0])
	if !ok || p >= u.size {
		return 0, fmt.Errorf("graph: upload session expects the range %q of %d bytes", s.NextExpectedRanges[0], u.size)
	}
	return p, nil
}

// cancel deletes the session after ctx is done, with a short context of
// its own.
func (u *upload) cancel(ctx context.Context) {
	ctx, stop := context.WithTimeout(context.WithoutCancel(ctx), cancelUploadTimeout)
	defer stop()
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, u.url, nil)
	if err != nil {
		return
	}
	if resp, err := u.c.Do(req); err == nil {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
	}
}

// resumable reports whether a range that failed with err can be sent
// again after asking the session: a transport error, a 5xx or a 416
// (the session holds other bytes than the range assumed).
func resumable(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return true
	}
	return e.StatusCode >= 500 || e.StatusCode == http.StatusRequestedRangeNotSatisfiable
}

// rangeStart reads the start of a nextExpectedRanges entry, "start-" or
// "start-end".
func rangeStart(r string) (int64, bool) {
	s, _, _ := strings.Cut(strings.TrimSpace(r), "-")
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n >= 0
}

// uploadSource reads an upload's bytes: through ReadAt or Seek when r
// offers them, else from the last chunk read, kept in buf.
type uploadSource struct {
	r      io.Reader
	at     io.ReaderAt
	seeker io.Seeker
	origin int64 // r's offset of the upload's byte 0
	pos    int64 // the upload's offset of the byte r reads next
	buf    []byte
	start  int64 // the upload's offset of buf[0]
	n      int   // bytes of buf holding data
}

func newUploadSource(r io.Reader, chunk int64) *uploadSource {
	s := &uploadSource{r: r, buf: make([]byte, chunk)}
	seeker, _ := r.(io.Seeker)
	if seeker != nil {
		off, err := seeker.Seek(0, io.SeekCurrent)
		if err != nil {
			seeker = nil
		} else {
			s.origin = off
		}
	}
	if at, ok := r.(io.ReaderAt); ok {
		s.at = at
	} else {
		s.seeker = seeker
	}
	return s
}

// chunk returns the upload's bytes [start, end), which is no longer than
// buf; the result is valid until the next call.
func (s *uploadSource) chunk(start, end int64) ([]byte, error) {
	need := int(end - start)
	switch {
	case s.at != nil:
		n, err := s.at.ReadAt(s.buf[:need], s.origin+start)
		if n < need {
			return nil, s.short(start+int64(n), err)
		}
		return s.buf[:need], nil
	case s.seeker != nil:
		if start != s.pos {
			if _, err := s.seeker.Seek(s.origin+start, io.SeekStart); err != nil {
				return nil, fmt.Errorf("graph: upload: seek to byte %d: %w", start, err)
			}
			s.pos = start
		}
		n, err := io.ReadFull(s.r, s.buf[:need])
		s.pos += int64(n)
		if n < need {
			return nil, s.short(start+int64(n), err)
		}
		return s.buf[:need], nil
	}
	// A plain reader: keep what buf holds from start on, read the rest.
	if start < s.start {
		return nil, fmt.Errorf("graph: upload session expects byte %d again, but the reader (no io.ReaderAt or io.Seeker) can only go back to byte %d", start, s.start)
	}
	if start > s.pos {
		// The session holds bytes not sent (yet): skip them.
		n, err := io.CopyN(io.Discard, s.r, start-s.pos)
		s.pos += n
		if err != nil {
			return nil, s.short(s.pos, err)
		}
		s.start, s.n = start, 0
	} else {
		drop := int(start - s.start)
		s.n = copy(s.buf, s.buf[drop:s.n])
		s.start = start
	}
	if s.n < need {
		m, err := io.ReadFull(s.r, s.buf[s.n:need])
		s.n += m
		s.pos += int64(m)
		if s.n < need {
			return nil, s.short(s.pos, err)
		}
	}
	return s.buf[:need], nil
}

// short is the error of a reader that ended at byte at, before the size.
func (s *uploadSource) short(at int64, err error) error {
	if err == nil || err == io.EOF || err == io.ErrUnexpectedEOF {
		return fmt.Errorf("graph: upload: the reader ended at byte %d, before the size given", at)
	}
	return fmt.Errorf("graph: upload: read at byte %d: %w", at, err)
}
