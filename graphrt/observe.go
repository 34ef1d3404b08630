package graphrt

import (
	"log/slog"
	"net/http"
	"time"
)

// RoundTripFunc is a function that is an http.RoundTripper, for writing
// middleware (see WithMiddleware).
type RoundTripFunc func(*http.Request) (*http.Response, error)

// RoundTrip calls f.
func (f RoundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// LogRequests returns middleware that logs every request sent (each
// attempt of a retried one, each hop of a redirect) at level Debug, and
// at Warn when it fails or answers 429 or 5xx: method, scheme, host and
// path (never the query, which can hold personal data, nor any header
// but the two ids), status, duration, client-request-id and request-id.
// Pass it to WithMiddleware; it is also an example of a tracing hook.
func LogRequests(log *slog.Logger) func(http.RoundTripper) http.RoundTripper {
	return func(next http.RoundTripper) http.RoundTripper {
		return RoundTripFunc(func(req *http.Request) (*http.Response, error) {
			start := time.Now()
			resp, err := next.RoundTrip(req)
			attrs := []slog.Attr{
				slog.String("method", req.Method),
				slog.String("url", req.URL.Scheme+"://"+req.URL.Host+req.URL.EscapedPath()),
				slog.Duration("duration", time.Since(start)),
				slog.String("client-request-id", req.Header.Get("client-request-id")),
			}
			level := slog.LevelDebug
			if err != nil {
				level = slog.LevelWarn
				attrs = append(attrs, slog.String("error", err.Error()))
			} else {
				attrs = append(attrs, slog.Int("status", resp.StatusCode), slog.String("request-id", resp.Header.Get("request-id")))
				if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 {
					level = slog.LevelWarn
				}
			}
			log.LogAttrs(req.Context(), level, "graph request", attrs...)
			return resp, err
		})
	}
}
