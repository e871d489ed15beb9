package main

import (
	"fmt"
	"os"

	"example.com/prog/lib"
)

func main() {
	if len(os.Args) > 2 {
		fmt.Println("other:", lib.Classify(len(os.Args)))
		return
	}
	fmt.Println("other: quiet")
}
