// Package impl is for the code graphdoc generates only; its API may
// change in any release, in step with the generator, and nothing else
// should import it.
//
// It holds what generated packages call but their users do not: the
// reflection-free JSON pull decoder (Decoder) and the per-field helpers
// generated UnmarshalJSON methods are built of (Value, Ptr, StrPtr...,
// Join, Index), and the glue of the generated client (PageOf,
// NextPageRequest, DecodeResponse, UnexpectedResponse), server
// (ReadJSONBody, Routes) and fake (FakeWrite, FakePath, FakeRoutes...).
// Keeping it out of package graphrt keeps graphrt's API to what a user of
// a generated package needs, and lets this package change without
// breaking them.
//
// It depends on graphrt, whose error types the decoder reports, and on
// graphrt/fake, never the other way round.
package impl
