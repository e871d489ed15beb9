package ign

// FooMock is excluded by *_mock.go.
func FooMock() int {
	return 3
}
