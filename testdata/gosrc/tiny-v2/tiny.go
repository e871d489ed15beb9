// Package tiny is a fixture: two versions of this file give incoherent profiles.
package tiny

// Sign returns -1, 0 or 1.
func Sign(x int) int {
	switch {
	case x < 0:
		return -1
	case x > 0:
		return 1
	}
	return 0
}

// Abs returns |x|.
func Abs(x int) int {
	if x < 0 {
		x = -x
	}
	return x
}
