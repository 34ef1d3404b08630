// Package e2e holds end-to-end tests of the generated packages in gen/:
// the generated client against the generated server, over loopback. The
// tests live here rather than in gen/, where every Go file is generated.
package e2e
