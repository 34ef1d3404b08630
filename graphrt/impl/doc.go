// Package impl is for the code graphdoc generates only; its API may
// change in any release, in step with the generator, and nothing else
// should import it.
//
// It holds what generated packages call but their users do not:
//
//   - models: Unmarshal, Validate and ValidateRequestBody, which decode
//     and check a value by a plan built once per Go type from its struct
//     fields and tags (plan.go), on the reflection-free JSON pull decoder
//     (Decoder) and its per-value readers; RegisterFamily, Member and
//     UnmarshalFamily, which tie a polymorphic family's interface to its
//     members by @odata.type;
//   - the server: NewRouter, which routes Graph's paths (function
//     parentheses, item paths between colons) to a table of Routes, and
//     Intercept, through which a fake's store sees each request's
//     operation and status; BindParams, ReadBody and Reply;
//   - the client: Call, NextPage and PageOf, on graphrt.Client;
//   - the fake: FakePath, FakeResult, FakeNotImplemented, RequestFrom.
//
// Keeping it out of package graphrt keeps graphrt's API to what a user of
// a generated package needs, and lets this package change without
// breaking them. It depends on graphrt (and the standard library), never
// the other way round.
package impl
