package main

import (
	"fmt"
	"os"

	"example.com/prog/lib"
	"example.com/prog/lib/sub"
)

func main() {
	n := len(os.Args)
	if n > 1 {
		fmt.Println(lib.Classify(n))
	} else {
		fmt.Println("none")
	}
	for i := 0; i < n; i++ {
		sub.Touch(i)
	}
	f := func() {}
	_ = f
}
