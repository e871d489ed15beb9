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

func Unused() {}
