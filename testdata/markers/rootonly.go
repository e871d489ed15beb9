package markers

// RootOnly is excluded by the anchored pattern /rootonly.go.
func RootOnly() int {
	return 1
}
