package ign

import "fmt"

// Not a marker: a string literal, not a comment.
var note = "//+gocover:ignore:file inside a string"

// +gocover:ignore:block the first block of G0 (2 statements)
func G0(x int) {
	fmt.Println("g0", note)
	if x > 5 {
		fmt.Println("big")
	} else { //+gocover:ignore:block the else branch (1 statement)
		fmt.Println("small")
	}
}

// G1's marker has no explanation (gocover rejects that; we apply it and say so).
func G1() {
	fmt.Println("g1 a")
	//+gocover:ignore:block
	fmt.Println("g1 b")
}

//+gocover:ignore:block a trailing marker: no block after it
