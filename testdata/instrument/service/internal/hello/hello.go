// Package hello answers with a greeting.
package hello

import (
	"fmt"
	"net/http"
)

// Handler says greeting, and the name when one is given.
func Handler(greeting string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Query().Get("name")
		if name == "" {
			fmt.Fprintln(w, greeting)
			return
		}
		fmt.Fprintf(w, "%s, %s\n", greeting, name)
	})
}
