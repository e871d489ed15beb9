// A stand-in for a long-running server: its own flag, a worker goroutine that
// ticks once per "tick" line on stdin, "quit" returns from main (the final
// coverage flush runs), "exit" calls os.Exit (it does not). End of stdin returns like "quit".
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
)

var greeting = flag.String("greeting", "hello", "what to say first")

func main() {
	flag.Parse()
	fmt.Println("greeting=" + *greeting)
	ticks := make(chan struct{})
	done := make(chan int)
	go worker(ticks, done)
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		switch in.Text() {
		case "tick":
			ticks <- struct{}{}
		case "quit":
			close(ticks)
			fmt.Printf("ticks=%d\n", <-done)
			return
		case "exit":
			os.Exit(7)
		}
	}
	close(ticks)
	fmt.Printf("ticks=%d\n", <-done)
}
