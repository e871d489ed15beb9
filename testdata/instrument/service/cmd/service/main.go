// A small HTTP service for the live-coverage tests: its own flags, two
// handlers in two packages, and it returns from main when stdin closes.
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"

	"example.com/service/internal/hello"
	"example.com/service/internal/sum"
)

var (
	addr     = flag.String("addr", "127.0.0.1:0", "listen address")
	greeting = flag.String("greeting", "hello", "what /hello says")
)

func main() {
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	mux := http.NewServeMux()
	mux.Handle("/hello", hello.Handler(*greeting))
	mux.HandleFunc("/sum", sum.Handle)
	fmt.Printf("listening on http://%s\n", ln.Addr())
	go http.Serve(ln, mux)
	io.Copy(io.Discard, os.Stdin)
	fmt.Println("bye")
}
