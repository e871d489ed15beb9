//+gocover:ignore:file kept for an old API, tested elsewhere
package ign

// WholeFile is excluded with its file (3 statements).
func WholeFile() int {
	a := 1
	b := 2
	return a + b
}
