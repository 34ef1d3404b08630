// Package graphrt is the runtime of the Go packages graphdoc generates
// for Microsoft Graph APIs: the part of it their users see.
//
// It holds Graph's error response (Error, ParseError, WriteError...), the
// errors a request body fails to decode or validate with
// (ValidationError and the errors its fields report), the client
// generated clients send with (Client, NewClient and its options: your
// *http.Client, retries, middleware, headers from the context), Graph's
// JSON batching of its calls (Batch), the
// retrying doer beneath it (Doer, RetryPolicy), iteration over
// paged collections (Pages), delta queries (Delta, ResumeDelta), large
// file uploads to an upload session (Client.Upload), and Graph's Edm
// formats (Date, TimeOfDay, Duration, ParseDateTime...). It depends on the standard library only.
//
// Three packages sit beside it. graphrt/fake is the store behind a
// generated package's Fake and NewFakeHandler, for tests, and
// graphrt/odata the OData query options ($filter, $orderby, $select,
// $search) it answers lists with. graphrt/impl is for
// generated code only (the JSON pull decoder, the glue of generated
// clients, servers and fakes): its API may change in any release.
package graphrt
