package lib

// Classify says something about n.
func Classify(n int) string {
	switch {
	case n > 3:
		return "many"
	case n > 2:
		return "few"
	}
	return "two"
}

// Unused is never called: its statements stay uncovered.
func Unused(n int) int {
	if n > 0 {
		n--
	}
	return n
}

// Empty has no statements: a zero-statement block.
func Empty() {}
