package skip

// A is excluded: its directory matches skip/.
func A() int {
	a := 1
	return a
}
