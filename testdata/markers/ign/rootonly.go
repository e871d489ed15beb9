package ign

// RootOnly is kept: /rootonly.go is anchored at the module root.
func RootOnly() int {
	return 5
}
