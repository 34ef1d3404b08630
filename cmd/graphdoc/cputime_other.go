//go:build !unix

package main

import "time"

// processCPU is not measured here: GRAPHDOC_TIMINGS shows wall time only.
func processCPU() time.Duration { return 0 }
