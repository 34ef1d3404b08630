package impl

import "net/http"

// RouterOption configures NewRouter. For generated code only.
type RouterOption func(*routerConfig)

// routerConfig is what RouterOptions set.
type routerConfig struct {
	icept Interceptor
}

// Intercept makes NewRouter hand every request to i, which decides
// whether the route serves it. A generated NewFakeHandler passes its
// store, for faults on demand and its request log. For generated code
// only.
func Intercept(i Interceptor) RouterOption {
	return func(c *routerConfig) { c.icept = i }
}

// Interceptor stands between NewRouter's routing and its serving. For
// generated code only.
//
// Intercept is called once per request, after the router has matched its
// path and method and set r.Pattern and the client-request-id response
// header, with the route's operation id and Go method name (Route.ID,
// Route.Name; both empty when no route serves the request, which is then
// answered 404 or 405). It either answers the request itself through w,
// or calls serve, which serves it as the router would have without an
// interceptor (the route, a 404 or 405, or a 500 for a panic) and returns
// the response's status (200 when the route wrote none). serve must be
// called at most once, and not after Intercept returns. A panic in the
// route that aborts the connection (http.ErrAbortHandler, or a panic
// after the response started) passes through serve and Intercept.
type Interceptor interface {
	Intercept(id, name string, w http.ResponseWriter, r *http.Request, serve func() (status int))
}
