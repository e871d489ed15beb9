// Package sum adds up the numbers 1..n.
package sum

import (
	"fmt"
	"net/http"
	"strconv"
)

// Handle answers the sum of 1..n for ?n=.
func Handle(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.URL.Query().Get("n"))
	if err != nil {
		http.Error(w, "bad n", http.StatusBadRequest)
		return
	}
	total := 0
	for i := 1; i <= n; i++ {
		total += i
	}
	fmt.Fprintln(w, total)
}
