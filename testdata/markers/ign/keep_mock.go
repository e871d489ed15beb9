package ign

// KeepMock is re-included by !keep_mock.go.
func KeepMock() int {
	return 4
}
