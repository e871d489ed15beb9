package tiny

import "testing"

func TestTiny(t *testing.T) {
	for _, x := range []int{-2, 0, 3, 5} {
		if Abs(x) < 0 || Sign(x)*Abs(x) != x {
			t.Fatalf("x=%d", x)
		}
	}
}
