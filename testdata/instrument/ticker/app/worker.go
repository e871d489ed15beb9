package main

import "fmt"

func worker(ticks <-chan struct{}, done chan<- int) {
	n := 0
	for range ticks {
		n++
		fmt.Printf("tick %d\n", n)
	}
	done <- n
}
