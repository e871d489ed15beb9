package ign

// go-test-coverage's marker: `// coverage-ignore` on the line that opens a block.

// Ignored is excluded as a whole (3 statements).
func Ignored(x int) int { // coverage-ignore: exercised only by hand
	if x > 0 {
		return 1
	}
	return 0
}

// Partly loses the if body (2 statements); the tests run it anyway.
func Partly(x int) int {
	y := x * 2
	if y > 10 { // coverage-ignore
		y = 10
		y++
	}
	return y
}

// Switch loses the first case clause (1 statement).
func Switch(x int) string {
	switch x {
	case 1: // coverage-ignore
		return "one"
	case 2:
		return "two"
	}
	return "many"
}

// Closure loses the function literal's body (2 statements).
func Closure() func() int {
	return func() int { // coverage-ignore
		a := 1
		return a
	}
}

// Multi loses its body (1 statement): the marker is on the line of the `{`.
func Multi(
	a int,
	b int,
) int { // coverage-ignore
	return a + b
}

// Else loses the else branch (1 statement).
func Else(x int) int {
	if x > 0 {
		return 1
	} else { // coverage-ignore
		return 2
	}
}

// Unused has a marker on a line that opens no block: nothing is excluded.
func Unused() int {
	v := 3 // coverage-ignore
	return v
}
