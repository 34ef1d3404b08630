package graphrt

// SetBatchDeps replaces the dependencies of it, so that tests can build
// what Batch.Add cannot: a cycle.
func SetBatchDeps(it *BatchItem, deps ...*BatchItem) { it.deps = deps }
